import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../../src-main/simulator/random'
import { openPaymentsStore } from '../../../src-main/store/payments-store'
import { syncPaymentsBySearch } from '../../../src-main/sync/search-sync'
import { RANGE, startSyncHarness, storeSnapshot } from '../../fixtures/sync-harness'

// A real crash: the sync runs in a child process that is killed with SIGKILL, between a
// page's fetch and its commit or right after a commit; the next run resumes from the file.
let h: Awaited<ReturnType<typeof startSyncHarness>>
beforeAll(async () => (h = await startSyncHarness(2000)))
afterAll(() => h.close())

function runChildUntil(file: string, killOn: 'fetched' | 'committed', after: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../fixtures/sync-child.ts'), h.sim.url, h.sim.secretKey, file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let seen = 0
    let killed = false
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (data: Buffer) => {
      for (const line of data.toString().split('\n')) {
        if (line === killOn && ++seen > after && !killed) {
          killed = true
          child.kill('SIGKILL')
        }
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed')
      else if (code === 0) resolve('finished')
      else reject(new Error(`sync child exited with ${code}: ${stderr}`))
    })
  })
}

describe('a sync killed with SIGKILL', () => {
  it('resumes from the database file and ends equal to an uninterrupted sync', { timeout: 120_000 }, async () => {
    const reference = await h.openStore()
    await syncPaymentsBySearch(h.deps(reference), { ...RANGE, pageSize: 150 })
    const expected = storeSnapshot(reference)

    const target = await h.openStore()
    const file = target.sqlite.name
    await target.close()
    const random = seededRandom(17)
    let kills = 0
    let last: 'killed' | 'finished' = 'killed'
    for (let run = 0; run < 6 && last === 'killed'; run++) {
      last = await runChildUntil(file, random.next() < 0.5 ? 'fetched' : 'committed', Math.floor(random.next() * 3))
      if (last === 'killed') kills++
    }
    expect(kills).toBeGreaterThanOrEqual(3)
    const resumed = await openPaymentsStore(file)
    try {
      const summary = await syncPaymentsBySearch(h.deps(resumed), { ...RANGE, pageSize: 150 })
      // After a killed run the job is unfinished and resumes; after a finished one a re-sync stores nothing new.
      expect(summary.resumed).toBe(last === 'killed')
      expect(storeSnapshot(resumed)).toEqual(expected)
    } finally {
      await resumed.close()
    }
  })
})
