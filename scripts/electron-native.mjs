// Builds a copy of better-sqlite3 for Electron's ABI in .native/electron, leaving the one in
// node_modules built for Node (tests, browser host). Run by `npm start` and `npm run dev`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = join(dirname(new URL(import.meta.url).pathname), '..')
const electronDir = dirname(require.resolve('electron/package.json'))
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version
const pathFile = join(electronDir, 'path.txt')

if (!existsSync(pathFile) || !existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))) {
  console.error(
    'The Electron binary is not installed on this machine (its download failed or was skipped).\n' +
      'Run `npx install-electron` with network access, or use `npm run web` to run Paydesk in your browser.',
  )
  process.exit(1)
}

const target = join(root, '.native/electron')
const marker = join(target, `built-for-electron-${electronVersion}`)
if (existsSync(marker)) process.exit(0)

rmSync(target, { recursive: true, force: true })
mkdirSync(join(target, 'node_modules'), { recursive: true })
cpSync(join(root, 'node_modules/better-sqlite3'), join(target, 'node_modules/better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
})
writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'paydesk-native', private: true, dependencies: { 'better-sqlite3': '*' } }))
const { rebuild } = await import('@electron/rebuild')
console.log(`Building better-sqlite3 for Electron ${electronVersion} (about a minute, once)…`)
await rebuild({ buildPath: target, electronVersion, force: true, onlyModules: ['better-sqlite3'] })
writeFileSync(marker, new Date().toISOString())
