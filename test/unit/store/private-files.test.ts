import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../../src-main/app/registry'
import { memoryLogger } from '../../../src-main/logger'
import { createFileSecretStore } from '../../../src-main/settings/secret-store'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const mode = (path: string) => statSync(path).mode & 0o777

describe.skipIf(process.platform === 'win32')('the data folder', () => {
  it('is made private at start: folders 0700, files 0600, the databases Paydesk opens too', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'paydesk-private-')), 'data')
    dirs.push(dataDir)
    // As an older version or a copy left it: readable by everyone.
    mkdirSync(join(dataDir, 'exports'), { recursive: true, mode: 0o755 })
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, 'exports', 'old.csv'), 'id\n', { mode: 0o644 })
    chmodSync(join(dataDir, 'exports', 'old.csv'), 0o644)
    const logger = memoryLogger()
    const app = await createApp({ dataDir, secrets: createFileSecretStore(join(dataDir, 'secrets.plaintext.json')), logger, runtime: 'web', simulatorSeed: null })
    try {
      expect(mode(dataDir)).toBe(0o700)
      expect(mode(join(dataDir, 'exports'))).toBe(0o700)
      expect(mode(join(dataDir, 'exports', 'old.csv'))).toBe(0o600)
      for (const file of ['paydesk.sqlite', 'payments/simulator.sqlite']) {
        expect(existsSync(join(dataDir, file))).toBe(true)
        expect(mode(join(dataDir, file))).toBe(0o600)
        if (existsSync(join(dataDir, `${file}-wal`))) expect(mode(join(dataDir, `${file}-wal`))).toBe(0o600)
      }
      expect(mode(join(dataDir, 'payments'))).toBe(0o700)
      expect(logger.lines.join('\n')).toContain('made the data folder private')
    } finally {
      await app.close()
    }
  })
})
