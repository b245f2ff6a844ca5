import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dispatch } from '../../src-main/app/dispatch'
import { handlers } from '../../src-main/app/handler-map'
import { createApp } from '../../src-main/app/registry'
import type { CallInput } from '../../src-main/contract'
import { memoryLogger } from '../../src-main/logger'
import type { PaymentFilter } from '../../src-main/payments/filter'
import { createFileSecretStore } from '../../src-main/settings/secret-store'
import { connectionStoreFile } from '../../src-main/store/connection-stores'
import { openPaymentsStore } from '../../src-main/store/payments-store'
import { insertBulkPayments } from '../fixtures/bulk-payments'
import { report } from './measure'

/** The page size the payments screen asks for (src-renderer/screens/payments/usePaymentPages.ts). */
const UI_PAGE = 200

/** Times `work` `runs` times after one warm-up run (page cache, prepared statements). */
export async function time(work: () => Promise<unknown>, runs: number): Promise<number[]> {
  await work() // warm the page cache and the statement
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await work()
    out.push(performance.now() - t)
  }
  return out
}

/** A data folder whose built-in simulator connection holds `count` payments with realistic raw JSON. */
export async function buildLargeStore(count: number): Promise<{ dataDir: string; remove(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-list-bench-'))
  const store = await openPaymentsStore(connectionStoreFile(dataDir, 'simulator'))
  const started = performance.now()
  // 90 days ending 1 Nov 2026 with a merchant's spread (insights group by it).
  insertBulkPayments(store.sqlite, count, { realisticJson: true, days: 90, spread: 'realistic' })
  store.sqlite.exec('analyze')
  const { bytes } = store.sqlite.prepare('select avg(length(raw_json)) bytes from payments').get() as { bytes: number }
  await store.close()
  console.log(`(built a store of ${count.toLocaleString()} payments, raw JSON ${Math.round(bytes).toLocaleString()} bytes a row on average, in ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) }
}

export function openBenchApp(dataDir: string, runtime: 'test' | 'web' = 'test') {
  return createApp({ dataDir, secrets: createFileSecretStore(join(dataDir, 'secrets.json')), logger: memoryLogger(), runtime, simulatorSeed: null })
}

// The payments list's calls, through the same dispatch (input and output validation) and page
// size as the screen, on the large store.
export async function benchList(dataDir: string, runs: number, label: string): Promise<void> {
  const app = await openBenchApp(dataDir)
  const call = async <K extends 'payments.list' | 'payments.totals'>(name: K, input: CallInput<K>) => {
    const result = await dispatch(handlers, app.registry, name, input)
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
    return result.value
  }
  try {
    const page = (filter: PaymentFilter, sort: CallInput<'payments.list'>['sort'] = {}, cursor: string | null = null) => () => call('payments.list', { filter, sort, cursor, limit: UI_PAGE })
    report(`list (${label}): first page, default view`, await time(page({}), runs), 'ms')
    // A page deep in the list: follow the cursors 80% of the way once, then time that page.
    const db = app.registry.store().db
    const total = Number((await db.selectFrom('payments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const deep = await db.selectFrom('payments').select(['created_at', 'id']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).offset(Math.floor(total * 0.8)).executeTakeFirstOrThrow()
    const deepCursor = Buffer.from(JSON.stringify([deep.created_at, deep.id])).toString('base64url')
    report(`list (${label}): a page 80% deep`, await time(page({}, {}, deepCursor), runs), 'ms')
    report(`list (${label}): first page sorted by amount, GBP`, await time(page({ currency: ['GBP'] }, { by: 'amount', dir: 'desc' }), runs), 'ms')
    const DAY = 86_400_000
    const END = Date.parse('2026-11-01T00:00:00Z')
    const filters: [string, PaymentFilter][] = [
      ['last 7 days', { from: new Date(END - 7 * DAY).toISOString() }],
      ['status Refunded', { status: ['Refunded'] }],
      ['declined', { outcome: 'declined' }],
      ['currency JPY', { currency: ['JPY'] }],
      ['scheme American Express', { scheme: ['American Express'] }],
      ['response code 30033', { responseCode: ['30033'] }],
      ['AVS N', { avs: ['N'] }],
      ['CVV D', { cvv: ['D'] }],
      ['flagged', { flagged: true }],
      ['type MOTO', { paymentType: ['MOTO'] }],
      ['amount GBP 500.00-600.00', { currency: ['GBP'], amountMin: 50_000, amountMax: 60_000 }],
      ['search last4 4242', { q: '4242' }],
      ['search reference prefix', { q: 'ORD-0012' }],
      ['search email', { q: 'buyer4711@example.com' }],
      ['search inside email, any case (rare)', { q: 'YER4711@EXA' }],
      ['search inside reference (10 rows)', { q: 'rd-0012345' }],
      ['search text in every row', { q: 'example' }],
      ['search id without pay_', { q: 'bulk000000000000123456' }],
      ['search amount 12.34', { q: '12.34' }],
      ['search ARN (23 digits)', { q: '24021219099007452440793' }],
      ['combined: EUR declined last 30 days', { currency: ['EUR'], outcome: 'declined', from: new Date(END - 30 * DAY).toISOString() }],
    ]
    for (const [name, filter] of filters) report(`list (${label}): page, ${name}`, await time(page(filter), runs), 'ms')
    report(`totals (${label}): all payments`, await time(() => call('payments.totals', { filter: {} }), runs), 'ms')
    for (const [name, filter] of filters) report(`totals (${label}): ${name}`, await time(() => call('payments.totals', { filter }), runs), 'ms')
  } finally {
    await app.close()
  }
}
