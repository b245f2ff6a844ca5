import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CheckoutClient } from '../../src-main/checkout/client'
import { createLogger } from '../../src-main/logger'
import { startSimulator } from '../../src-main/simulator/server'
import type { NewPaymentRow } from '../../src-main/store/payments-database'
import { openPaymentsStore } from '../../src-main/store/payments-store'
import { syncPayments } from '../../src-main/sync/payments-sync'
import { report } from './measure'

// Sync rate from a seeded simulator on loopback, and the store's ingest rate against a raw
// better-sqlite3 prepared-insert loop over the same rows in the same run.
export async function benchSync(runs: number, COUNT: number): Promise<void> {
  // The report path is the previous platform's: its key format.
  const sim = await startSimulator({ seed: { count: COUNT, days: 90, seed: 1 }, secretKey: 'sk_test_0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0' })
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-bench-'))
  const logger = createLogger(() => {})
  const rates: number[] = []
  const ingest: number[] = []
  const raw: number[] = []
  const bare: number[] = []
  const ratios: number[] = []
  let rows: NewPaymentRow[] = []
  try {
    for (let run = 0; run < runs; run++) {
      const store = await openPaymentsStore(join(dir, `sync-${run}.sqlite`))
      const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger })
      const started = performance.now()
      const summary = await syncPayments({ client, store, logger, clock: () => new Date() }, { from: new Date(Date.now() - 100 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString(), pageSize: 500, concurrency: 16 })
      rates.push(summary.created / ((performance.now() - started) / 1000))
      if (run === 0) rows = store.sqlite.prepare('select * from payments').all() as NewPaymentRow[]
      await client.close()
      await store.close()
    }
    for (let run = 0; run < runs; run++) {
      const ours = await openPaymentsStore(join(dir, `ingest-${run}.sqlite`))
      const writer = ours.writer
      let t = performance.now()
      writer.transaction(() => {
        for (const row of rows) writer.upsertPayment(row)
      })
      const oursRate = rows.length / ((performance.now() - t) / 1000)
      await ours.close()

      const baseline = await openPaymentsStore(join(dir, `raw-${run}.sqlite`))
      const columns = Object.keys(rows[0]!)
      const insert = baseline.sqlite.prepare(`insert into payments (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
      t = performance.now()
      baseline.sqlite.transaction(() => {
        for (const row of rows) insert.run(...columns.map((c) => (row as Record<string, unknown>)[c]))
      })()
      const rawRate = rows.length / ((performance.now() - t) / 1000)
      await baseline.close()
      // The same insert into a table with no index and no trigger: what the list's indexes and
      // the totals rollup cost at ingest.
      const plain = await openPaymentsStore(join(dir, `bare-${run}.sqlite`))
      plain.sqlite.exec(`create table bare_payments as select * from payments where 0`)
      const bareInsert = plain.sqlite.prepare(`insert into bare_payments (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
      t = performance.now()
      plain.sqlite.transaction(() => {
        for (const row of rows) bareInsert.run(...columns.map((c) => (row as Record<string, unknown>)[c]))
      })()
      bare.push(rows.length / ((performance.now() - t) / 1000))
      await plain.close()
      ingest.push(oursRate)
      raw.push(rawRate)
      ratios.push((oursRate / rawRate) * 100)
    }
  } finally {
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  }
  report(`sync from simulator (${COUNT.toLocaleString()} payments)`, rates, 'payments/s')
  report('store ingest (upsert, one transaction)', ingest, 'rows/s')
  report('raw better-sqlite3 prepared insert, same schema', raw, 'rows/s')
  report('raw insert, bare table (no index, no trigger)', bare, 'rows/s')
  report('store ingest / raw insert', ratios, '%')
}
