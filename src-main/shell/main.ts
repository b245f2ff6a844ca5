import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain } from 'electron'
import { createAppContext } from '../app-context'
import { handlers } from '../handlers'
import { SYNC_INTERVAL_MINUTES } from '../sync/sync-service'
import { dispatch } from '../ipc/dispatch'
import { APP_ORIGIN, isTrustedSenderUrl } from '../ipc/trusted-sender'
import { createLogger } from '../logger'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { electronNativeBinding } from './native-binding'
import { createElectronSecretStore } from './safe-storage-secrets'
import { lockDownContents } from './window-security'

// The Electron shell: a window, the app:// protocol, ipcMain wiring and safeStorage.
// Everything else is plain Node code shared with the browser host and the tests.
const devServerUrl = process.env.ELECTRON_RENDERER_URL
registerAppScheme()
app.on('web-contents-created', (_event, contents) => lockDownContents(contents, devServerUrl))

app.whenReady().then(async () => {
  const userData = app.getPath('userData')
  const logger = createLogger((line) => process.stderr.write(line + '\n'))
  const { ctx, close } = await createAppContext({
    dataDir: process.env.PAYDESK_DATA_DIR || userData,
    secrets: createElectronSecretStore(userData),
    logger,
    runtime: 'electron',
    nativeBinding: electronNativeBinding(app.getAppPath()),
    chooseExportFile: async (name) => {
      const choice = await dialog.showSaveDialog({ defaultPath: join(app.getPath('downloads'), name), filters: [{ name: 'CSV', extensions: ['csv'] }] })
      return choice.canceled ? null : (choice.filePath ?? null)
    },
  })
  serveRenderer(join(import.meta.dirname, '../renderer'))

  ipcMain.handle('paydesk:invoke', async (event, name: unknown, input: unknown) => {
    if (!isTrustedSenderUrl(event.senderFrame?.url, devServerUrl)) {
      logger.log('warn', 'refused an IPC call from an untrusted frame', { url: event.senderFrame?.url })
      return { ok: false, error: { code: 'unauthorized', message: 'This page may not call Paydesk.' } }
    }
    return dispatch(handlers, ctx, name, input)
  })

  ctx.sync.every(SYNC_INTERVAL_MINUTES)

  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Paydesk',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => {
    void close().finally(() => app.quit())
  })
})
