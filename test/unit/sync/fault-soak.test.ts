import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncPaymentsBySearch } from '../../../src-main/sync/search-sync'
import { RANGE, simulatorTruth, startSyncHarness, storeContents } from '../../fixtures/sync-harness'

// The sync (Payment Search) under a bad network: three requests in ten fail (5xx, 429, reset,
// timeout or a truncated body). It must end with exactly the simulator's payments and actions.
// (The search sync sends about one request a day of the range, so the rate is high enough for
// every class of fault to happen many times.)
let h: Awaited<ReturnType<typeof startSyncHarness>>
beforeAll(async () => (h = await startSyncHarness(20_000, { faults: { rate: 0.3, seed: 8, timeoutMs: 1000, retryAfterSeconds: 0 } })), 60_000)
afterAll(() => h.close())

describe('fault soak', () => {
  it('syncs 20,000 payments with 30% of requests failing, losing and duplicating nothing', { timeout: 240_000 }, async () => {
    const store = await h.openStore()
    const summary = await syncPaymentsBySearch(h.deps(store), { ...RANGE, pageSize: 200 })
    const warnings = h.logger.lines.filter((l) => l.includes('retrying'))
    const kinds = new Set(warnings.map((l) => JSON.parse(l).code))
    // Faults really happened, of every class.
    expect(warnings.length).toBeGreaterThan(100)
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['network', 'rate_limited', 'server', 'timeout']))
    expect(summary).toMatchObject({ created: 20_000, failed: [] })
    h.sim.setFaults({})
    expect(storeContents(store)).toEqual(simulatorTruth(h.sim))
    const counts = store.sqlite.prepare('select (select count(*) from payments) p, (select count(*) from payment_actions) a').get() as { p: number; a: number }
    const simActions = Object.values(h.sim.ctx.state.payments).reduce((n, p) => n + p.actions.length, 0)
    expect(counts).toEqual({ p: 20_000, a: simActions })
  })
})
