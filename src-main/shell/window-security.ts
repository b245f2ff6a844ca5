import { shell, type Session, type WebContents } from 'electron'
import { externalLinkVerdict } from '../desktop/external-links'
import { navigationAllowed, permissionAllowed } from './navigation-policy'

// The app page may never be replaced: navigation away is refused, new windows are refused but
// for the app's own page (a payment opened in a new window), and links the user clicks open in
// the system browser when the link policy allows them.
// The decisions themselves are pure functions (navigation-policy.ts, external-links.ts).
export function lockDownContents(contents: WebContents, options: { devServerUrl?: string | undefined; simulatorOrigin: () => string | null }): void {
  const openOutside = (url: string) => {
    const verdict = externalLinkVerdict(url, { simulatorOrigin: options.simulatorOrigin() })
    if (verdict.allowed) void shell.openExternal(verdict.url)
  }
  contents.on('will-navigate', (event, url) => {
    if (navigationAllowed(url, options.devServerUrl)) return
    event.preventDefault()
    openOutside(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url, options.devServerUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // A payment opened with Ctrl/Cmd-click: another window of the app's own page, with the same
    // locked-down preferences (Electron gives a child its opener's), locked down the same way.
    if (navigationAllowed(url, options.devServerUrl)) return { action: 'allow', overrideBrowserWindowOptions: { width: 1280, height: 800, autoHideMenuBar: true } }
    openOutside(url)
    return { action: 'deny' }
  })
  contents.on('did-create-window', (child) => lockDownContents(child.webContents, options))
}

/** Every permission request and check is refused, but the clipboard write of the app's own page. */
export function denyPermissions(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((contents, permission, callback) => callback(permissionAllowed(permission, contents.getURL(), devServerUrl)))
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin ? `${requestingOrigin}/` : undefined, devServerUrl))
}
