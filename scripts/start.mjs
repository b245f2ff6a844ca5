// `npm start`: the desktop app where Electron's binary can be had; where it cannot (as on
// machines that cannot download it), says so in one line and starts the browser host instead.
import { spawn } from 'node:child_process'
import { electronBinary } from './electron-binary.mjs'

const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' })
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)))
  })
const steps = async (...commands) => {
  for (const [command, ...args] of commands) {
    const code = await run(command, args)
    if (code !== 0) process.exit(code)
  }
}

const electron = electronBinary()
if ('path' in electron) {
  await steps(['node', 'scripts/electron-native.mjs'], ['npx', 'electron-vite', 'build'], ['npx', 'electron-vite', 'preview'])
} else {
  console.log(`Paydesk: no desktop window here (${electron.missing}); starting the browser host instead; open the address it prints.`)
  await steps(['npx', 'electron-vite', 'build'], ['npx', 'tsx', 'src-main/host/cli.ts', ...process.argv.slice(2)])
}
