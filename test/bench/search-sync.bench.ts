import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CheckoutClient } from '../../src-main/checkout/client'
import { createRateLimiter } from '../../src-main/checkout/rate-limiter'
import { createLogger } from '../../src-main/logger'
import { startSimulator } from '../../src-main/simulator/server'
import { openPaymentsStore } from '../../src-main/store/payments-store'
import { syncPaymentsBySearch } from '../../src-main/sync/search-sync'
import { report } from './measure'

const DAY = 86_400_000

// The sync a current-platform account gets (Payment Search), as the issue measures it: a first
// sync of `days` x `perDay` payments from a simulator with a real network's latency and the live
// API's rate limit, with the client's budget at the same limit; then a later sync with nothing
// changed. Requests are counted by the simulator. One run each: a run is minutes long at full size.
export async function benchSearchSync(options: { days: number; perDay: number; latencyMs: number; rateLimit: number }): Promise<void> {
  const endAt = Date.UTC(2026, 10, 1)
  const seedStarted = performance.now()
  const sim = await startSimulator({ seed: { count: options.days * options.perDay, days: options.days, seed: 4, endAt }, latencyMs: options.latencyMs, rateLimit: options.rateLimit })
  console.log(`(seeded the simulator with ${(options.days * options.perDay).toLocaleString()} payments in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`)
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-search-bench-'))
  const logger = createLogger(() => {})
  const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger, limiter: createRateLimiter({ perSecond: options.rateLimit }) })
  const store = await openPaymentsStore(join(dir, 'payments.sqlite'))
  const label = `${options.days} d x ${options.perDay.toLocaleString()}/d, ${options.latencyMs} ms, ${options.rateLimit} req/s`
  try {
    const range = { from: new Date(endAt - options.days * DAY).toISOString(), to: new Date(endAt + 60_000).toISOString() }
    let before = sim.requestCount()
    let started = performance.now()
    const first = await syncPaymentsBySearch({ client, store, logger, clock: () => new Date(endAt) }, range)
    const firstSeconds = (performance.now() - started) / 1000
    report(`search sync, first (${label}): requests`, [sim.requestCount() - before], 'requests')
    report(`search sync, first (${label}): wall time`, [firstSeconds], 's')
    report(`search sync, first (${label}): payments stored`, [first.created / firstSeconds], 'payments/s')

    const recent = { from: new Date(endAt - 3 * DAY).toISOString(), to: range.to }
    before = sim.requestCount()
    started = performance.now()
    const later = await syncPaymentsBySearch({ client, store, logger, clock: () => new Date(endAt) }, { ...recent, later: true })
    report(`search sync, later, nothing changed (${label}): requests`, [sim.requestCount() - before], 'requests')
    report(`search sync, later, nothing changed (${label}): wall time`, [(performance.now() - started) / 1000], 's')
    if (later.created + later.updated !== 0) throw new Error(`a sync with nothing changed stored ${later.created + later.updated} payments`)
  } finally {
    await client.close()
    await store.close()
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
