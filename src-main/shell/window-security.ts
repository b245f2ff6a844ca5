import { shell, type WebContents } from 'electron'
import { APP_ORIGIN } from '../ipc/trusted-sender'

// The app page may never be replaced: navigation away is refused, new windows are refused,
// and web links the user clicks open in the system browser instead.
export function lockDownContents(contents: WebContents, devServerUrl?: string): void {
  const allowed = (url: string) => url.startsWith(`${APP_ORIGIN}/`) || (devServerUrl !== undefined && url.startsWith(devServerUrl))
  contents.on('will-navigate', (event, url) => {
    if (!allowed(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!allowed(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}
