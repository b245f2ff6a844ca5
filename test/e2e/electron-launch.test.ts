import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { electronBinary } from '../fixtures/electron-binary'
import { screenshotPath } from '../fixtures/browser-host'

const binary = electronBinary()
if ('missing' in binary) console.warn(`[electron-launch] skipped: ${binary.missing}. These tests run where the Electron binary exists.`)

describe.skipIf('missing' in binary)('the Electron shell', () => {
  // The main process loads better-sqlite3 built for Electron's ABI (as `npm start` does).
  beforeAll(() => {
    execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/electron-native.mjs')], { stdio: 'inherit' })
  }, 300_000)

  it('opens the app from app://paydesk with isolation on, and keeps the window on the app', async () => {
    const app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [join(import.meta.dirname, '../../out/main/index.js')],
      env: { ...process.env, PAYDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'paydesk-electron-')) },
    })
    try {
      const win = await app.firstWindow()
      await win.waitForSelector('h1')
      expect(win.url()).toMatch(/^app:\/\/paydesk\/index\.html/)
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await win.evaluate(async () => (await window.paydesk!.invoke('app.info', {})) as unknown)).toMatchObject({ ok: true, value: { runtime: 'electron' } })
      // A page trying to navigate away stays on the app.
      await win.evaluate(() => {
        window.location.href = 'https://example.com/'
      })
      await win.waitForTimeout(500)
      expect(win.url()).toMatch(/^app:\/\/paydesk\//)
      await win.screenshot({ path: screenshotPath('electron-window') })
    } finally {
      await app.close()
    }
  })
})
