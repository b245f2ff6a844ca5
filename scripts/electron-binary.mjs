// Where Electron's binary is, or why it is not there. require('electron') would try to
// download it; this only reads where it would be. Shared by `npm start` and the launch test.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export function electronBinary() {
  const require = createRequire(import.meta.url)
  let packageDir
  try {
    packageDir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { missing: 'the electron npm package is not installed' }
  }
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return { missing: 'the Electron binary was never downloaded (node_modules/electron/path.txt is absent; this machine cannot reach the download host)' }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary is absent at ${binary}` }
}
