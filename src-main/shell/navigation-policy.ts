import { APP_ORIGIN, isTrustedSenderUrl } from './trusted-sender'

// The shell's decisions about where its page may go and what it may use, as pure functions
// (no electron import), so they are tested in Node where the Electron binary cannot run.

/**
 * The dev server's address (`npm run dev` sets ELECTRON_RENDERER_URL), honoured only in an
 * unpackaged app and only on loopback: an installed app never loads its page from elsewhere.
 */
export function devServerUrlFor(env: Record<string, string | undefined>, isPackaged: boolean): string | undefined {
  const url = env.ELECTRON_RENDERER_URL
  if (isPackaged || !url) return undefined
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1') ? parsed.origin + '/' : undefined
  } catch {
    return undefined
  }
}

/** May the window navigate here: the app's own pages, or the dev server's exact origin (not a prefix: `http://localhost:5173.evil.example/`). */
export function navigationAllowed(url: string, devServerUrl: string | undefined): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return isTrustedSenderUrl(url)
  return devServerUrl !== undefined && isTrustedSenderUrl(url, devServerUrl)
}

/**
 * Which web permissions the page may have: none (camera, notifications, geolocation…), but
 * writing to the clipboard from the app's own page (the "Copy" buttons).
 */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, devServerUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedSenderUrl(requestingUrl, devServerUrl)
}
