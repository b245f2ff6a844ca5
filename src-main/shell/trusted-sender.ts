// ipcMain answers only the app's own page: a frame navigated elsewhere (or an injected
// iframe) must not reach the handlers. The app is served from app://paydesk/, or from the
// dev server's URL under `npm run dev`.
export const APP_ORIGIN = 'app://paydesk'

export function isTrustedSenderUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === 'app:' && parsed.host === 'paydesk') return true
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    return parsed.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1')
  }
  return false
}
