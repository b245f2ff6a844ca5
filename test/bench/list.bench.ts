import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PaymentFilter, PaymentSort } from '../../src-main/store/payment-filter'
import { openDatabase } from '../../src-main/store/open-database'
import { listPayments, paymentTotals } from '../../src-main/store/payments-query'
import { insertBulkPayments } from '../fixtures/bulk-payments'
import { report } from './measure'

const COUNT = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000)
const DATE_SORT: PaymentSort = { by: 'date', dir: 'desc' }

async function time(work: () => Promise<unknown>, runs: number): Promise<number[]> {
  await work() // warm the page cache and the statement
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await work()
    out.push(performance.now() - t)
  }
  return out
}

/** A data folder whose store holds COUNT payments (about 45 s for a million). */
export async function buildLargeStore(): Promise<{ dataDir: string; remove(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-list-bench-'))
  const store = await openDatabase(join(dataDir, 'paydesk.sqlite'))
  const started = performance.now()
  insertBulkPayments(store.sqlite, COUNT)
  store.sqlite.exec('analyze')
  await store.close()
  console.log(`(built a store of ${COUNT.toLocaleString()} payments in ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) }
}

// The payments list's queries on a store of a million payments.
export async function benchList(dataDir: string, runs = 5): Promise<void> {
  const store = await openDatabase(join(dataDir, 'paydesk.sqlite'))
  try {
    const db = store.db
    const page = (filter: PaymentFilter, sort = DATE_SORT) => () => listPayments(db, filter, sort, null, 100)

    report('list: first page, default view', await time(page({}), runs), 'ms')
    // A page deep in the list: the cursor of row ~800,000.
    const deep = await db.selectFrom('payments').select(['created_at', 'id']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).offset(Math.floor(COUNT * 0.8)).executeTakeFirstOrThrow()
    report('list: a page 80% deep', await time(() => listPayments(db, {}, DATE_SORT, { value: deep.created_at, id: deep.id }, 100), runs), 'ms')
    report('list: first page sorted by amount', await time(page({}, { by: 'amount', dir: 'desc' }), runs), 'ms')
    const filters: [string, PaymentFilter][] = [
      ['last 7 days', { from: new Date(Date.parse('2026-11-01T00:00:00Z') - 7 * 86_400_000).toISOString() }],
      ['status Refunded', { status: ['Refunded'] }],
      ['declined', { outcome: 'declined' }],
      ['currency JPY', { currency: ['JPY'] }],
      ['scheme American Express', { scheme: ['American Express'] }],
      ['response code 30033', { responseCode: ['30033'] }],
      ['AVS N', { avs: ['N'] }],
      ['CVV D', { cvv: ['D'] }],
      ['flagged', { flagged: true }],
      ['type MOTO', { paymentType: ['MOTO'] }],
      ['amount 500.00-600.00', { amountMin: 50_000, amountMax: 60_000 }],
      ['search last4 4242', { q: '4242' }],
      ['search reference prefix', { q: 'ORD-0012' }],
      ['search email', { q: 'buyer4711@example.com' }],
      ['combined: EUR declined last 30 days', { currency: ['EUR'], outcome: 'declined', from: new Date(Date.parse('2026-11-01T00:00:00Z') - 30 * 86_400_000).toISOString() }],
    ]
    for (const [name, filter] of filters) report(`list: page, ${name}`, await time(page(filter), runs), 'ms')
    report('totals: all payments', await time(() => paymentTotals(db, {}), runs), 'ms')
    for (const [name, filter] of filters) report(`totals: ${name}`, await time(() => paymentTotals(db, filter), runs), 'ms')
  } finally {
    await store.close()
  }
}
