import { shell, type Session, type WebContents } from 'electron'
import { externalLinkVerdict } from '../desktop/external-links'
import { navigationAllowed, permissionAllowed } from './navigation-policy'

// The app page may never be replaced: navigation away is refused, new windows are refused,
// and links the user clicks open in the system browser when the link policy allows them.
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
    openOutside(url)
    return { action: 'deny' }
  })
}

/** Every permission request and check is refused, but the clipboard write of the app's own page. */
export function denyPermissions(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((contents, permission, callback) => callback(permissionAllowed(permission, contents.getURL(), devServerUrl)))
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin ? `${requestingOrigin}/` : undefined, devServerUrl))
}
