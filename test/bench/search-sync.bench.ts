import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CheckoutClient } from '../../src-main/checkout/client'
import type { SearchedPayment } from '../../src-main/checkout/schemas'
import { createRateLimiter } from '../../src-main/checkout/rate-limiter'
import { createLogger } from '../../src-main/logger'
import { openPaymentsStore } from '../../src-main/store/payments-store'
import { syncReports } from '../../src-main/sync/reports-sync'
import { rereadReportedPayments, storeSearchResults, syncPaymentsBySearch } from '../../src-main/sync/search-sync'
import { report } from './measure'
import { startSimulatorProcess } from './simulator-child'

const DAY = 86_400_000

// The sync a current-platform account gets, as the issue measures it: a first sync of `days` x
// `perDay` payments (Payment Search) and its fees and payouts (Reports API) from a simulator in
// its own process with a real network's latency and the live API's rate limit, the client's
// budget at the same limit; then a later sync with nothing changed, as the app runs it (recent
// days, open payments, new reports, re-reads), with and without the daily refund scan. Requests
// are counted by the simulator. One run each: a first sync is a minute or more at full size.
// Then ingest alone: search results written through the sync's own path against a prepared
// insert of the same results into a bare table, median of `runs`.
export async function benchSearchSync(options: { days: number; perDay: number; latencyMs: number; rateLimit: number; runs: number }): Promise<void> {
  const endAt = Date.UTC(2026, 10, 1)
  const seedStarted = performance.now()
  const sim = await startSimulatorProcess({ seed: { count: options.days * options.perDay, days: options.days, seed: 4, endAt }, latencyMs: options.latencyMs, rateLimit: options.rateLimit })
  console.log(`(seeded the simulator process with ${(options.days * options.perDay).toLocaleString()} payments in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`)
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-search-bench-'))
  const logger = createLogger(() => {})
  const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger, limiter: createRateLimiter({ perSecond: options.rateLimit }) })
  const store = await openPaymentsStore(join(dir, 'payments.sqlite'))
  const deps = { client, store, logger, clock: () => new Date(endAt) }
  const label = `${options.days} d x ${options.perDay.toLocaleString()}/d, ${options.latencyMs} ms, ${options.rateLimit} req/s`
  try {
    const range = { from: new Date(endAt - options.days * DAY).toISOString(), to: new Date(endAt + 60_000).toISOString() }
    let before = await sim.requestCount()
    let started = performance.now()
    const first = await syncPaymentsBySearch(deps, range)
    const firstSeconds = (performance.now() - started) / 1000
    report(`search sync, first (${label}): requests`, [(await sim.requestCount()) - before - 1], 'requests')
    report(`search sync, first (${label}): wall time`, [firstSeconds], 's')
    report(`search sync, first (${label}): payments stored`, [first.created / firstSeconds], 'payments/s')

    before = await sim.requestCount()
    started = performance.now()
    const fees = await syncReports(deps, { since: range.from })
    const feeSeconds = (performance.now() - started) / 1000
    report(`reports sync, first (${label}): requests`, [(await sim.requestCount()) - before - 1], 'requests')
    report(`reports sync, first (${label}): wall time`, [feeSeconds], 's')
    report(`reports sync, first: fee lines stored (${fees.files} files)`, [fees.feeLines / feeSeconds], 'lines/s')

    const recent = { from: new Date(endAt - 3 * DAY).toISOString(), to: range.to }
    for (const refundScan of [false, true]) {
      before = await sim.requestCount()
      started = performance.now()
      const later = await syncPaymentsBySearch(deps, { ...recent, later: true, refundScan })
      const settlement = await syncReports(deps, { since: range.from })
      const reread = await rereadReportedPayments(deps)
      const what = refundScan ? 'with the daily refund scan' : 'nothing changed'
      report(`later sync, ${what} (${label}): requests`, [(await sim.requestCount()) - before - 1], 'requests')
      report(`later sync, ${what} (${label}): wall time`, [(performance.now() - started) / 1000], 's')
      const stored = later.created + later.updated + reread.created + reread.updated + settlement.files
      if (stored !== 0) throw new Error(`a sync with nothing changed stored ${stored} payments or files`)
    }

    // Ingest alone, no network: the first days' results as the sync received them.
    const pages: SearchedPayment[][] = []
    for (let day = 0; day < Math.min(options.days, 10); day++) {
      let page = await client.searchPayments({ limit: 1000, from: new Date(endAt - (day + 1) * DAY).toISOString(), to: new Date(endAt - day * DAY).toISOString() })
      pages.push(page.data)
      while (page._links?.next?.href) pages.push((page = await client.searchPayments({ limit: 1000, from: new Date(endAt - (day + 1) * DAY).toISOString(), to: new Date(endAt - day * DAY).toISOString() }, page._links.next.href)).data)
    }
    const rows = pages.reduce((s, p) => s + p.length, 0)
    const syncPath: number[] = []
    const bare: number[] = []
    const beforeCells: number[] = []
    for (let run = 0; run < options.runs; run++) {
      const fresh = await openPaymentsStore(join(dir, `ingest-${run}.sqlite`))
      fresh.sqlite.exec('create table bare (id text, body text)')
      const insert = fresh.sqlite.prepare('insert into bare (id, body) values (?, ?)')
      let t = performance.now()
      for (const page of pages) fresh.sqlite.transaction(() => page.forEach((item) => insert.run(item.id, JSON.stringify(item))))()
      bare.push(rows / ((performance.now() - t) / 1000))
      // As a first sync writes: in bulk, its indexes and customers built at the end (timed too).
      t = performance.now()
      const counts = { created: 0, updated: 0, unchanged: 0 }
      fresh.bulkLoad.begin()
      for (const page of pages) fresh.writer.transaction(() => storeSearchResults(fresh, page, new Date().toISOString(), counts))
      fresh.bulkLoad.end()
      syncPath.push(rows / ((performance.now() - t) / 1000))
      await fresh.close()
      // The same on the store as it was before the insights' payment_cells (migration 018, with its
      // payment_totals triggers; only the three_ds column added, so the same writer can write).
      const before = await openPaymentsStore(join(dir, `ingest-018-${run}.sqlite`), { migrateTo: '018_billing_country_and_response_codes' })
      before.sqlite.exec('alter table payments add column three_ds integer not null default 0')
      t = performance.now()
      before.bulkLoad.begin()
      for (const page of pages) before.writer.transaction(() => storeSearchResults(before, page, new Date().toISOString(), { created: 0, updated: 0, unchanged: 0 }))
      before.bulkLoad.end()
      beforeCells.push(rows / ((performance.now() - t) / 1000))
      await before.close()
    }
    report(`ingest, first-sync path (${rows.toLocaleString()} payments, bulk)`, syncPath, 'rows/s')
    report(`ingest, bare table insert (same payments)`, bare, 'rows/s')
    report(`ingest, first-sync path / bare insert`, syncPath.map((s, i) => (100 * s) / bare[i]!), '%')
    report(`ingest, first-sync path before payment_cells (018)`, beforeCells, 'rows/s')
    report(`ingest, now / before payment_cells`, syncPath.map((s, i) => (100 * s) / beforeCells[i]!), '%')
  } finally {
    await client.close()
    await store.close()
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
