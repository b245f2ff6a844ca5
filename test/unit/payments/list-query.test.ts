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
import { formatAmountInput } from '../../../src-main/reference/amount-input'
import { minorUnitExponent, parseMajorAmount } from '../../../src-main/reference/minor-units'

const END = Date.parse('2026-11-01T00:00:00Z')
let dir: string
let store: Awaited<ReturnType<typeof openPaymentsStore>>
let all: PaymentRow[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paydesk-query-'))
  store = await openPaymentsStore(join(dir, 'payments.sqlite'))
  insertBulkPayments(store.sqlite, 12_000, { endAt: END, days: 40 })
  // Money beyond the amount: approved payments captured in full, some refunded in part, and fee
  // lines (exact to the millionth of a minor unit) for most of the captured ones.
  store.sqlite.exec(`update payments set captured_amount = amount where approved = 1 and status <> 'Authorized';
    update payments set refunded_amount = amount / 3 where approved = 1 and status <> 'Authorized' and abs(random()) % 5 = 0`)
  const captured = store.sqlite.prepare("select id, currency, captured_amount from payments where captured_amount > 0 and abs(random()) % 4 <> 0").all() as { id: string; currency: string; captured_amount: number }[]
  store.sqlite.transaction(() =>
    store.settlement.upsertFeeLines(
      captured.flatMap((p, i) => {
        const line = { action_id: `act_${p.id}`, payment_id: p.id, action_type: 'Capture', fee_detail: '', processed_at: '2026-10-20T00:00:00Z', processing_currency: p.currency, holding_currency: p.currency, fx_rate: null, payout_id: null, source: 'report' as const, fetched_at: '2026-10-21T00:00:00Z' }
        return [
          { ...line, breakdown_type: 'Gross', processing_micro: p.captured_amount * 1_000_000, holding_micro: p.captured_amount * 1_000_000 },
          { ...line, breakdown_type: 'Scheme Fee', processing_micro: -(1_234_567 + i), holding_micro: -(1_234_567 + i) },
          { ...line, breakdown_type: 'Interchange Fee', processing_micro: -(p.captured_amount * 7_000), holding_micro: -(p.captured_amount * 7_000) },
        ]
      }),
    ),
  )()
  all = store.sqlite.prepare('select * from payments').all() as PaymentRow[]
})

/** The money sums a finance person reads, the obvious way: fees summed exactly, rounded once. */
function naiveMoney(rows: PaymentRow[], currency: string) {
  const mine = rows.filter((r) => r.currency === currency)
  const sum = (pick: (r: PaymentRow) => number) => mine.reduce((s, r) => s + pick(r), 0)
  const approved = mine.filter((r) => r.approved === 1)
  const feeMicro = sum((r) => r.fee_micro ?? 0)
  const fees = Math.sign(feeMicro) * Math.round(Math.abs(feeMicro) / 1_000_000)
  const captured = sum((r) => r.captured_amount)
  const refunded = sum((r) => r.refunded_amount)
  return { currency, count: mine.length, gross: sum((r) => r.amount), approvedCount: approved.length, authorised: approved.reduce((s, r) => s + r.amount, 0), captured, refunded, fees, feesReported: mine.filter((r) => r.fee_micro !== null).length, net: captured - refunded - fees }
}
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
      (!f.outcome || (f.outcome === 'approved' ? r.approved === 1 : f.outcome === 'declined' ? r.approved === 0 : f.outcome === 'attempted' ? r.approved !== null : r.approved === null)) &&
      (!f.currency || f.currency.includes(r.currency)) &&
      (!f.scheme || f.scheme.includes(r.scheme!)) &&
      (!f.responseCode || f.responseCode.includes(r.response_code!)) &&
      (!f.avs || f.avs.includes(r.avs_check!)) &&
      (!f.cvv || f.cvv.includes(r.cvv_check!)) &&
      (f.flagged === undefined || r.risk_flagged === (f.flagged ? 1 : 0)) &&
      (!f.paymentType || f.paymentType.includes(r.payment_type!)) &&
      (f.amountMin === undefined || r.amount >= f.amountMin) &&
      (f.amountMax === undefined || r.amount <= f.amountMax) &&
      (!q || naiveSearch(r, q, f.locale)),
  )
}

/** The search box's rules, the obvious way (list-query.ts searchCondition). */
function naiveSearch(r: PaymentRow, q: string, locale = 'en-GB'): boolean {
  const lower = q.toLowerCase()
  if (/^(pay|sid)_/i.test(q)) return r.id.startsWith(lower)
  if (/^cus_/i.test(q)) return (r.customer_id ?? '').startsWith(lower)
  if (/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(q)) return (r.customer_email ?? '').startsWith(lower)
  const inside = (text: string | null) => (text ?? '').toLowerCase().includes(lower)
  const text = q.length >= 3 ? inside(r.reference) || inside(r.customer_email) || inside(r.customer_name) : (r.reference ?? '').startsWith(q) || (r.customer_email ?? '').startsWith(lower)
  const id = /^[a-z0-9]{8,26}$/i.test(q) && /\d/.test(q) && r.id.startsWith(`pay_${lower}`)
  const last4 = /^\d{4}$/.test(q) && r.last4 === q
  const auth = /^[0-9A-Za-z]{1,6}$/.test(q) && ((r.auth_code ?? '').startsWith(q) || (r.auth_code ?? '').startsWith(q.toUpperCase()))
  // German writes the marks the other way round: 1.050,34.
  const english = locale === 'de-DE' ? q.replace(/[.,]/g, (m) => (m === '.' ? ',' : '.')) : q
  const plain = english.replaceAll(',', '')
  const exponent = minorUnitExponent(r.currency)
  const amount = /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(english) && parseMajorAmount(plain, r.currency) === r.amount && exponent >= 0
  return text || id || last4 || auth || amount
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
  ['attempted (approved or declined: the charts’ attempts)', { outcome: 'attempted' }],
  ['attempted, GBP, one scheme', { outcome: 'attempted', currency: ['GBP'], scheme: ['Visa'] }],
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
  ['search inside a reference, any case', { q: 'rd-0000111' }],
  ['search inside an email, any case', { q: 'YER4242@EXAMPLE' }],
  ['search by a 2-character start', { q: 'OR' }],
  ['search by an id without pay_', { q: 'bulk00000000000000000012' }],
  ['search by an amount with decimals', { q: '12.34' }],
  ['search by an amount with a thousands comma', { q: '1,050' }],
  ['search with a quote in it', { q: 'ORD"-1' }],
  ['search text in most rows (walked, not indexed)', { q: 'Example.COM' }],
  ['search text with a LIKE wildcard in it', { q: '_0%' }],
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
      expect(totals.byCurrency).toEqual(currencies.map((currency) => naiveMoney(rows, currency)))
    })
  }

  it('search by an amount as German writes it (59,18 EUR and 1.050 JPY) finds what a naive reading finds', async () => {
    const cents = all.find((r) => r.currency === 'EUR' && r.amount % 100 !== 0)!
    const grouped = all.find((r) => r.currency === 'JPY' && r.amount >= 1000)!
    for (const row of [cents, grouped]) {
      const filter: PaymentFilter = { q: formatAmountInput(row.amount, row.currency, 'de-DE'), locale: 'de-DE' }
      const expected = naive(all, filter)
        .sort((a, b) => (a.created_at === b.created_at ? b.id.localeCompare(a.id) : b.created_at.localeCompare(a.created_at)))
        .map((r) => r.id)
      expect(expected).toContain(row.id)
      expect(await everyPage(filter, { by: 'date', dir: 'desc' })).toEqual(expected)
    }
  })

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

  it('finds what support is read over the phone: text inside, an id without pay_, an amount, a name, an ARN', async () => {
    const ids = async (q: string) => (await listPayments(store.db, { q }, { by: 'date', dir: 'desc' }, null, 1000)).rows.map((r) => r.id)
    const some = all[1234]!
    expect(await ids(some.reference!.slice(2).toLowerCase())).toContain(some.id)
    expect(await ids(some.id.slice(4).toUpperCase())).toEqual([some.id])
    expect(await ids(some.customer_email!.slice(3, 12).toUpperCase())).toContain(some.id)
    const gbp = all.find((r) => r.currency === 'GBP')!
    expect(await ids(`${Math.floor(gbp.amount / 100)}.${String(gbp.amount % 100).padStart(2, '0')}`)).toContain(gbp.id)
    const yen = all.find((r) => r.currency === 'JPY' && r.amount >= 1000)!
    expect(await ids(yen.amount.toLocaleString('en-US'))).toContain(yen.id)
    // A name typed on the phone, in any case; an ARN from a dispute letter.
    store.sqlite.prepare("update payments set customer_name = 'Zoë Van-Der Berg' where id = ?").run(some.id)
    expect(await ids('van-der')).toEqual([some.id])
    store.sqlite.prepare("insert into payment_actions (id, payment_id, type, amount, approved, response_code, response_summary, processed_at, reference, acquirer_reference_number, raw_json, fetched_at) values ('act_arn', ?, 'Capture', 100, 1, '10000', 'Approved', ?, null, '24021219099007452440793', '{}', ?)").run(gbp.id, gbp.created_at, gbp.created_at)
    expect(await ids('24021219099007452440793')).toEqual([gbp.id])
    store.sqlite.prepare("update payments set customer_name = null where id = ?").run(some.id)
    store.sqlite.prepare("delete from payment_actions where id = 'act_arn'").run()
    expect(await ids('van-der')).toEqual([])
  })

  it('gives each payment its fees as a positive cost from its lines, also when the lines came before the payment', async () => {
    const withFees = all.filter((r) => r.fee_micro !== null)
    expect(withFees.length).toBeGreaterThan(1000)
    const one = withFees[0]!
    const lines = store.sqlite.prepare("select sum(processing_micro) as s from fee_lines where payment_id = ? and breakdown_type <> 'Gross'").get(one.id) as { s: number }
    expect(one.fee_micro).toBe(-lines.s)
    // A report read before the sync stored the payment: the payment picks its fees up when it arrives.
    const { id: _id, fee_micro: _fee, captured_amount: _c, refunded_amount: _r, ...rest } = one
    store.sqlite.transaction(() => store.settlement.upsertFeeLines([{ action_id: 'act_early', payment_id: 'pay_early', action_type: 'Capture', breakdown_type: 'Scheme Fee', fee_detail: '', processed_at: one.created_at, processing_currency: one.currency, processing_micro: -2_500_000, holding_currency: one.currency, holding_micro: -2_500_000, fx_rate: null, payout_id: null, source: 'report', fetched_at: one.created_at }]))()
    const before = (await paymentTotals(store.db, { currency: [one.currency] })).byCurrency[0]!
    store.writer.transaction(() => store.writer.upsertPayment({ ...rest, id: 'pay_early', captured_amount: 0, refunded_amount: 0 }))
    expect((store.sqlite.prepare("select fee_micro from payments where id = 'pay_early'").get() as { fee_micro: number }).fee_micro).toBe(2_500_000)
    const after = (await paymentTotals(store.db, { currency: [one.currency] })).byCurrency[0]!
    expect(after.feesReported).toBe(before.feesReported + 1)
    expect(after.count).toBe(before.count + 1)
    store.sqlite.prepare("delete from payments where id = 'pay_early'").run()
    store.sqlite.prepare("delete from fee_lines where payment_id = 'pay_early'").run()
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
    expect((await paymentTotals(store.db, {})).byCurrency).toEqual([...new Set(all.map((r) => r.currency))].sort().map((c) => naiveMoney(changed.filter((r) => r.id !== victim.id), c)))
    expect((await paymentTotals(store.db, { scheme: ['Discover'] })).count).toBe(0)
  })
})
