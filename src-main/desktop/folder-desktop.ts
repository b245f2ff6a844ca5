import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { extname, isAbsolute, join } from 'node:path'
import { AppError } from '../contract/errors'
import type { Desktop } from './desktop'
import { externalLinkVerdict } from './external-links'

// The desktop where there are no native windows: the browser host and the tests. Files are
// saved in the data folder; a file to open is a path the person types (checked here); links
// and printing are left to the browser the page runs in.

export function createFolderDesktop(options: { dataDir: string; simulatorOrigin: () => string | null }): Desktop {
  return {
    async saveFile({ suggestedName }) {
      return join(options.dataDir, 'exports', suggestedName)
    },
    async openFile({ filters, typedPath }) {
      const folder = join(options.dataDir, 'imports')
      if (!typedPath) return { kind: 'needs_path', folder, message: `Type the full path of the file (for example ${join(folder, 'orders.csv')}).` }
      if (!isAbsolute(typedPath)) throw new AppError('invalid_input', `"${typedPath}" is not a full path; start it with / (or a drive letter on Windows).`)
      const extensions = filters.flatMap((f) => f.extensions)
      const extension = extname(typedPath).slice(1).toLowerCase()
      if (extensions.length && !extensions.includes(extension)) throw new AppError('invalid_input', `Choose a ${extensions.map((e) => `.${e}`).join(' or ')} file; this one is ${extension ? `.${extension}` : 'without an extension'}.`)
      let info
      try {
        info = await stat(typedPath)
        await access(typedPath, constants.R_OK)
      } catch {
        throw new AppError('not_found', `There is no readable file at ${typedPath}.`)
      }
      if (!info.isFile()) throw new AppError('invalid_input', info.isDirectory() ? `${typedPath} is a folder, not a file.` : `${typedPath} is not a regular file (a device or a pipe): choose a file.`)
      return { kind: 'file', path: typedPath, bytes: info.size }
    },
    async openExternal(url) {
      const verdict = externalLinkVerdict(url, { simulatorOrigin: options.simulatorOrigin() })
      if (!verdict.allowed) throw new AppError('invalid_input', verdict.reason)
      return { opened: false, url: verdict.url }
    },
    async showFile(path) {
      return { shown: false, path }
    },
    async printToPdf() {
      return { kind: 'use_browser_print' }
    },
  }
}
