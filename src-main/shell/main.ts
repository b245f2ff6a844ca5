import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { dispatch } from '../app/dispatch'
import { handlers } from '../app/handler-map'
import { createApp, type App } from '../app/registry'
import { startupErrorPage } from '../app/startup-error-page'
import { consoleLogger } from '../logger'
import { SYNC_INTERVAL_MINUTES } from '../sync/sync-service'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { createElectronDesktop } from './electron-desktop'
import { electronNativeBinding } from './native-binding'
import { openElectronSecretStore } from './safe-storage-secrets'
import { APP_ORIGIN, isTrustedSenderUrl } from './trusted-sender'
import { devServerUrlFor } from './navigation-policy'
import { denyPermissions, lockDownContents } from './window-security'

// The Electron shell: a window, the app:// protocol, ipcMain wiring, safeStorage and the
// native dialogs. Everything else is plain Node code shared with the browser host and the tests.
const devServerUrl = devServerUrlFor(process.env, app.isPackaged)
// Every file this process makes is its user's alone (store/private-files.ts).
process.umask(0o077)
const preload = join(import.meta.dirname, '../preload/index.cjs')
let mainWindow: BrowserWindow | null = null
let running: App | null = null
registerAppScheme()
app.on('web-contents-created', (_event, contents) => lockDownContents(contents, { devServerUrl, simulatorOrigin: () => running?.registry.simulator.current()?.url ?? null }))

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Paydesk',
    show: false,
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  })
  window.once('ready-to-show', () => window.show())
  return window
}

app.whenReady().then(async () => {
  denyPermissions(session.defaultSession, devServerUrl)
  const userData = app.getPath('userData')
  const dataDir = process.env.PAYDESK_DATA_DIR || userData
  const logger = consoleLogger(process.argv.includes('--verbose') || process.env.PAYDESK_VERBOSE === '1')
  try {
    running = await createApp({
      dataDir,
      secrets: await openElectronSecretStore(userData),
      logger,
      runtime: 'electron',
      nativeBinding: electronNativeBinding(app.getAppPath()),
      desktop: ({ simulator }) => createElectronDesktop({ window: () => mainWindow, simulatorOrigin: () => simulator.current()?.url ?? null, preload }),
    })
  } catch (error) {
    // No app to run: say why in a window rather than running windowless.
    logger.log('error', 'start-up failed', { error: error instanceof Error ? error.message : String(error) })
    const window = createWindow()
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(startupErrorPage(error, dataDir))}`)
    app.on('window-all-closed', () => app.quit())
    return
  }
  const { registry } = running
  serveRenderer(join(import.meta.dirname, '../renderer'))

  ipcMain.handle('paydesk:invoke', async (event, name: unknown, input: unknown) => {
    if (!isTrustedSenderUrl(event.senderFrame?.url, devServerUrl)) {
      logger.log('warn', 'refused an IPC call from an untrusted frame', { url: event.senderFrame?.url })
      return { ok: false, error: { code: 'unauthorized', message: 'This page may not call Paydesk.' } }
    }
    return dispatch(handlers, registry, name, input)
  })
  registry.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('paydesk:event', event)
  })

  registry.sync.every(SYNC_INTERVAL_MINUTES)
  mainWindow = createWindow()
  await mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => {
    void running?.close().finally(() => app.quit())
  })
})
