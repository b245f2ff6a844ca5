import { shell, type WebContents } from 'electron'
import { externalLinkVerdict } from '../desktop/external-links'
import { APP_ORIGIN } from './trusted-sender'

// The app page may never be replaced: navigation away is refused, new windows are refused,
// and links the user clicks open in the system browser when the link policy allows them.
export function lockDownContents(contents: WebContents, options: { devServerUrl?: string | undefined; simulatorOrigin: () => string | null }): void {
  const allowed = (url: string) => url.startsWith(`${APP_ORIGIN}/`) || (options.devServerUrl !== undefined && url.startsWith(options.devServerUrl))
  const openOutside = (url: string) => {
    const verdict = externalLinkVerdict(url, { simulatorOrigin: options.simulatorOrigin() })
    if (verdict.allowed) void shell.openExternal(verdict.url)
  }
  contents.on('will-navigate', (event, url) => {
    if (allowed(url)) return
    event.preventDefault()
    openOutside(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!allowed(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })
}
