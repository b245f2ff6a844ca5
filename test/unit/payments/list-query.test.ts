import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPaymentsStore } from '../../../src-main/store/payments-store'
import { PaymentFilter as PaymentFilterSchema, type PaymentSort } from '../../../src-main/payments/filter'
import type { PaymentFilter } from '../../../src-main/payments/filter'
import { listPayments, paymentTotals, type PageCursor } from '../../../src-main/payments/list-query'
import type { PaymentRow } from '../../../src-main/store/payments-database'
import { insertBulkPayments } from '../../fixtures/bulk-payments'

const END = Date.parse('2026-11-01T00:00:00Z')
let dir: string
let store: Awaited<ReturnType<typeof openPaymentsStore>>
let all: PaymentRow[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paydesk-query-'))
  store = await openPaymentsStore(join(dir, 'payments.sqlite'))
  insertBulkPayments(store.sqlite, 12_000, { endAt: END, days: 40 })
  all = store.sqlite.prepare('select * from payments').all() as PaymentRow[]
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The obvious implementation, to compare the indexed queries and the rollup with. */
function naive(rows: PaymentRow[], f: PaymentFilter): PaymentRow[] {
  const stamp = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const q = f.q?.trim()
  return rows.filter(
    (r) =>
      (!f.from || r.created_at >= stamp(f.from)) &&
      (!f.to || r.created_at < stamp(f.to)) &&
      (!f.status || f.status.includes(r.status)) &&
      (!f.outcome || (f.outcome === 'approved' ? r.approved === 1 : f.outcome === 'declined' ? r.approved === 0 : r.approved === null)) &&
      (!f.currency || f.currency.includes(r.currency)) &&
      (!f.scheme || f.scheme.includes(r.scheme!)) &&
      (!f.responseCode || f.responseCode.includes(r.response_code!)) &&
      (!f.avs || f.avs.includes(r.avs_check!)) &&
      (!f.cvv || f.cvv.includes(r.cvv_check!)) &&
      (f.flagged === undefined || r.risk_flagged === (f.flagged ? 1 : 0)) &&
      (!f.paymentType || f.paymentType.includes(r.payment_type!)) &&
      (f.amountMin === undefined || r.amount >= f.amountMin) &&
      (f.amountMax === undefined || r.amount <= f.amountMax) &&
      (!q ||
        (/^(pay|sid)_/.test(q)
          ? r.id.startsWith(q)
          : q.includes('@')
            ? (r.customer_email ?? '').startsWith(q.toLowerCase())
            : (r.reference ?? '').startsWith(q) || (r.customer_email ?? '').startsWith(q.toLowerCase()) || (/^\d{4}$/.test(q) && r.last4 === q) || (/^[0-9A-Za-z]{1,6}$/.test(q) && (r.auth_code ?? '').startsWith(q)))),
  )
}

async function everyPage(filter: PaymentFilter, sort: PaymentSort, limit = 500) {
  const ids: string[] = []
  let after: PageCursor | null = null
  for (let i = 0; i < 1000; i++) {
    const page = await listPayments(store.db, filter, sort, after, limit)
    ids.push(...page.rows.map((r) => r.id))
    if (!page.next) return ids
    after = page.next
  }
  throw new Error('too many pages')
}

const day = (n: number) => new Date(END - n * 86_400_000).toISOString()
const FILTERS: [string, PaymentFilter][] = [
  ['nothing', {}],
  ['from (mid-day)', { from: new Date(END - 7.5 * 86_400_000).toISOString() }],
  ['to (mid-day)', { to: new Date(END - 30.25 * 86_400_000).toISOString() }],
  ['a range of whole days', { from: day(20), to: day(10) }],
  ['a range inside one day', { from: new Date(END - 3.7 * 86_400_000).toISOString(), to: new Date(END - 3.2 * 86_400_000).toISOString() }],
  ['status', { status: ['Refunded', 'Voided'] }],
  ['approved', { outcome: 'approved' }],
  ['declined', { outcome: 'declined' }],
  ['pending', { outcome: 'pending' }],
  ['currency', { currency: ['JPY', 'KWD'] }],
  ['scheme', { scheme: ['American Express'] }],
  ['response code', { responseCode: ['30033', '20051'] }],
  ['AVS', { avs: ['N', 'A'] }],
  ['CVV', { cvv: ['D'] }],
  ['flagged', { flagged: true }],
  ['not flagged', { flagged: false }],
  ['payment type', { paymentType: ['MOTO'] }],
  ['amount range in EUR', { currency: ['EUR'], amountMin: 5000, amountMax: 9000 }],
  ['search by last4', { q: '0042' }],
  ['search by reference prefix', { q: 'ORD-000011' }],
  ['search by email', { q: 'buyer123@example.com' }],
  ['search by id prefix', { q: 'pay_bulk00000000000000001' }],
  ['search by auth code', { q: '12345' }],
  ['combined: EUR, declined, mid-day range', { currency: ['EUR'], outcome: 'declined', from: new Date(END - 12.3 * 86_400_000).toISOString(), to: day(2) }],
  ['combined: scheme and CVV', { scheme: ['Visa'], cvv: ['D'] }],
  ['combined: flagged MOTO over GBP 100.00', { flagged: true, paymentType: ['MOTO'], currency: ['GBP'], amountMin: 10_000 }],
]

describe('payments list queries', () => {
  for (const [name, filter] of FILTERS) {
    it(`filter: ${name}, in pages newest first, equals a naive filter`, async () => {
      const expected = naive(all, filter)
        .sort((a, b) => (a.created_at === b.created_at ? b.id.localeCompare(a.id) : b.created_at.localeCompare(a.created_at)))
        .map((r) => r.id)
      expect(await everyPage(filter, { by: 'date', dir: 'desc' })).toEqual(expected)
    })

    it(`totals: ${name}, equal a naive sum`, async () => {
      const rows = naive(all, filter)
      const totals = await paymentTotals(store.db, filter)
      expect(totals.count).toBe(rows.length)
      const currencies = [...new Set(rows.map((r) => r.currency))].sort()
      expect(totals.byCurrency).toEqual(
        currencies.map((currency) => {
          const mine = rows.filter((r) => r.currency === currency)
          return { currency, count: mine.length, gross: mine.reduce((s, r) => s + r.amount, 0), approvedGross: mine.filter((r) => r.approved === 1).reduce((s, r) => s + r.amount, 0) }
        }),
      )
    })
  }

  it('refuses dates outside 2000-2100 and a start not before the end, instead of comparing text', () => {
    const problem = (filter: Record<string, unknown>) => PaymentFilterSchema.safeParse(filter).error?.issues[0]?.message
    expect(problem({ from: '+275760-09-13T00:00:00.000Z' })).toMatch(/between 2000 and 2100/)
    expect(problem({ to: '1970-01-01T00:00:00Z' })).toMatch(/between 2000 and 2100/)
    expect(problem({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toMatch(/not before the end/)
    expect(PaymentFilterSchema.safeParse({ from: '2026-01-01T00:00:00+01:00', to: '2026-01-02T00:00:00Z' }).success).toBe(true)
  })

  it('sorts by amount either way, ties broken by id', async () => {
    const expected = [...all].sort((a, b) => (a.amount === b.amount ? a.id.localeCompare(b.id) : a.amount - b.amount)).map((r) => r.id)
    expect(await everyPage({}, { by: 'amount', dir: 'asc' }, 777)).toEqual(expected)
    expect(await everyPage({ currency: ['GBP'] }, { by: 'amount', dir: 'desc' }, 333)).toEqual(expected.filter((id) => all.find((r) => r.id === id)!.currency === 'GBP').reverse())
  })

  it('keyset pages never skip or repeat a row while new payments arrive', async () => {
    const before = new Set(all.map((r) => r.id))
    const seen: string[] = []
    let after: PageCursor | null = null
    let batch = 0
    for (;;) {
      const page = await listPayments(store.db, {}, { by: 'date', dir: 'desc' }, after, 400)
      seen.push(...page.rows.map((r) => r.id))
      // New payments land between pages: newer than everything, and in the middle of the history.
      insertBulkPayments(store.sqlite, 50, { endAt: END + 86_400_000 * (1 + batch), days: 45, idPrefix: `pay_new${String(batch++).padStart(3, '0')}` })
      if (!page.next) break
      after = page.next
    }
    const old = seen.filter((id) => before.has(id))
    expect(new Set(seen).size).toBe(seen.length)
    expect(old.length).toBe(before.size)
    store.sqlite.prepare("delete from payments where id like 'pay_new%'").run()
  })

  it('keeps the rollup right through updates and deletes', async () => {
    const victim = all.find((r) => r.status === 'Captured' && r.currency === 'EUR')!
    store.sqlite.prepare("update payments set status = 'Refunded', scheme = 'Discover', amount = amount + 7 where id = ?").run(victim.id)
    const changed = store.sqlite.prepare('select * from payments').all() as PaymentRow[]
    for (const filter of [{}, { status: ['Refunded' as const] }, { scheme: ['Discover'] }, { currency: ['EUR'], outcome: 'approved' as const }] satisfies PaymentFilter[]) {
      const totals = await paymentTotals(store.db, filter)
      const rows = naive(changed, filter)
      expect(totals.count).toBe(rows.length)
      expect(totals.byCurrency.reduce((s, c) => s + c.gross, 0)).toBe(rows.reduce((s, r) => s + r.amount, 0))
    }
    store.sqlite.prepare('delete from payments where id = ?').run(victim.id)
    expect((await paymentTotals(store.db, {})).count).toBe(all.length - 1)
    expect((await paymentTotals(store.db, { scheme: ['Discover'] })).count).toBe(0)
  })
})
