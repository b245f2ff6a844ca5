import { writeFile } from 'node:fs/promises'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, shell } from 'electron'
import { AppError } from '../contract/errors'
import type { Desktop } from '../desktop/desktop'
import { externalLinkVerdict } from '../desktop/external-links'
import { APP_ORIGIN } from './trusted-sender'

/** The desktop with native dialogs, the system browser and Chromium's PDF printer. */
export function createElectronDesktop(options: { window: () => BrowserWindow | null; simulatorOrigin: () => string | null; preload: string }): Desktop {
  const parent = () => options.window() ?? undefined
  return {
    async saveFile({ suggestedName, filters }) {
      const window = parent()
      const settings = { defaultPath: join(app.getPath('downloads'), suggestedName), filters }
      const choice = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings)
      return choice.canceled ? null : (choice.filePath ?? null)
    },
    async openFile({ filters }) {
      const window = parent()
      const settings = { properties: ['openFile' as const], filters }
      const choice = window ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings)
      const path = choice.canceled ? undefined : choice.filePaths[0]
      if (!path) return { kind: 'cancelled' }
      return { kind: 'file', path, bytes: (await stat(path)).size }
    },
    async openExternal(url) {
      const verdict = externalLinkVerdict(url, { simulatorOrigin: options.simulatorOrigin() })
      if (!verdict.allowed) throw new AppError('invalid_input', verdict.reason)
      await shell.openExternal(verdict.url)
      return { opened: true, url: verdict.url }
    },
    async showFile(path, how) {
      if (how === 'folder') shell.showItemInFolder(path)
      else {
        // openPath answers with an error message, or '' when the file opened.
        const problem = await shell.openPath(path)
        if (problem) throw new AppError('not_found', `The file could not be opened: ${problem}`)
      }
      return { shown: true, path }
    },
    async printToPdf({ route, suggestedName }) {
      // A hidden window of the app's own page (same preload and locks), printed once it has loaded.
      const hidden = new BrowserWindow({ show: false, webPreferences: { preload: options.preload, contextIsolation: true, sandbox: true, nodeIntegration: false } })
      try {
        await hidden.loadURL(`${APP_ORIGIN}/index.html#${route}`)
        await printReady(hidden)
        const pdf = await hidden.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
        const path = await this.saveFile({ suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }] })
        if (!path) return { kind: 'cancelled' }
        await writeFile(path, pdf)
        return { kind: 'saved', path }
      } finally {
        hidden.destroy()
      }
    },
  }
}

/** The page's figures come over IPC after it loads: a printable screen marks itself data-print-ready once they are in. */
async function printReady(window: BrowserWindow, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await window.webContents.executeJavaScript("document.querySelector('[data-print-ready]') !== null"))) {
    if (Date.now() > until) throw new AppError('internal', 'The page to print did not finish loading its figures.')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
