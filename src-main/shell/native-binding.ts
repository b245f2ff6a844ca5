import { existsSync } from 'node:fs'
import { join } from 'node:path'

// better-sqlite3 in node_modules is built for Node (tests, browser host). Electron loads a
// copy built for its own ABI by scripts/electron-native.mjs (run by `npm start`/`npm run dev`).
export function electronNativeBinding(appPath: string): string | undefined {
  const file = join(appPath, '.native/electron/node_modules/better-sqlite3/build/Release/better_sqlite3.node')
  return existsSync(file) ? file : undefined
}
