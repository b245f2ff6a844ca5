import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely'
import { PAYMENT_LIST_COLUMNS, type PaymentListRow } from '../store/payment-records'
import type { PaymentsDatabase } from '../store/payments-database'
import type { PaymentFilter, PaymentSort } from './filter'

// The payments list's queries. Pages are keyset pages over (sort value, id): a page never
// scans the rows before it (no OFFSET), and rows arriving meanwhile cannot make a page skip or
// repeat a row. Every filter maps to an indexed column (migration 004).

type Eb = ExpressionBuilder<PaymentsDatabase, 'payments'>

/** The highest code point, so `>= q and < q || MAX` is a prefix range an index can use. */
const MAX_CHAR = '\u{10FFFF}'

function prefix(eb: Eb, column: 'id' | 'reference' | 'customer_id' | 'customer_email' | 'last4' | 'auth_code', q: string) {
  return eb.and([eb(column, '>=', q), eb(column, '<', q + MAX_CHAR)])
}

function searchCondition(eb: Eb, raw: string) {
  const q = raw.trim()
  if (/^(pay|sid)_/i.test(q)) return prefix(eb, 'id', q.toLowerCase())
  if (/^cus_/i.test(q)) return prefix(eb, 'customer_id', q.toLowerCase())
  if (q.includes('@')) return prefix(eb, 'customer_email', q.toLowerCase())
  const alternatives = [prefix(eb, 'reference', q), prefix(eb, 'customer_email', q.toLowerCase())]
  if (/^\d{4}$/.test(q)) alternatives.push(eb('last4', '=', q))
  if (/^[0-9A-Za-z]{1,6}$/.test(q)) alternatives.push(prefix(eb, 'auth_code', q))
  return eb.or(alternatives)
}

export function applyFilter<O>(query: SelectQueryBuilder<PaymentsDatabase, 'payments', O>, filter: PaymentFilter): SelectQueryBuilder<PaymentsDatabase, 'payments', O> {
  return query.where((eb) => {
    const conditions = []
    if (filter.from) conditions.push(eb('created_at', '>=', normalise(filter.from)))
    if (filter.to) conditions.push(eb('created_at', '<', normalise(filter.to)))
    if (filter.status?.length) conditions.push(eb('status', 'in', filter.status))
    if (filter.outcome === 'approved') conditions.push(eb('approved', '=', 1))
    if (filter.outcome === 'declined') conditions.push(eb('approved', '=', 0))
    if (filter.outcome === 'pending') conditions.push(eb('approved', 'is', null))
    if (filter.currency?.length) conditions.push(eb('currency', 'in', filter.currency))
    if (filter.scheme?.length) conditions.push(eb('scheme', 'in', filter.scheme))
    if (filter.responseCode?.length) conditions.push(eb('response_code', 'in', filter.responseCode))
    if (filter.avs?.length) conditions.push(eb('avs_check', 'in', filter.avs))
    if (filter.cvv?.length) conditions.push(eb('cvv_check', 'in', filter.cvv))
    if (filter.flagged !== undefined) conditions.push(eb('risk_flagged', '=', filter.flagged ? 1 : 0))
    if (filter.paymentType?.length) conditions.push(eb('payment_type', 'in', filter.paymentType))
    if (filter.amountMin !== undefined) conditions.push(eb('amount', '>=', filter.amountMin))
    if (filter.amountMax !== undefined) conditions.push(eb('amount', '<=', filter.amountMax))
    if (filter.q) conditions.push(searchCondition(eb, filter.q))
    return eb.and(conditions)
  })
}

/** Stored times are second-precision UTC ("2026-01-02T03:04:05Z"); compare in the same form. */
function normalise(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface PageCursor {
  /** The last row's sort value (created_at or amount) and id. */
  value: string | number
  id: string
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url')
}

export function decodeCursor(text: string): PageCursor | null {
  try {
    const [value, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown]
    if ((typeof value === 'string' || typeof value === 'number') && typeof id === 'string') return { value, id }
  } catch {
    // not ours
  }
  return null
}

export async function listPayments(db: Kysely<PaymentsDatabase>, filter: PaymentFilter, sort: PaymentSort, after: PageCursor | null, limit: number): Promise<{ rows: PaymentListRow[]; next: PageCursor | null }> {
  const column = sort.by === 'amount' ? 'amount' : 'created_at'
  const op = sort.dir === 'desc' ? '<' : '>'
  let query = applyFilter(db.selectFrom('payments').select(PAYMENT_LIST_COLUMNS), filter)
  if (after) {
    // Row-value comparison: (value, id) strictly past the cursor, in the sort's direction.
    query = query.where(sql<boolean>`(${sql.ref(column)}, id) ${sql.raw(op)} (${after.value}, ${after.id})`)
  }
  const rows = await query.orderBy(column, sort.dir).orderBy('id', sort.dir).limit(limit + 1).execute()
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page.at(-1)
  return { rows: page, next: more && last ? { value: last[column], id: last.id } : null }
}

export interface Totals {
  count: number
  byCurrency: { currency: string; count: number; gross: number; approvedGross: number }[]
}

/** Totals straight from the payments table: exact for any filter, a scan for broad ones. */
async function scannedTotals(db: Kysely<PaymentsDatabase>, filter: PaymentFilter): Promise<Totals['byCurrency']> {
  return applyFilter(
    db.selectFrom('payments').select(['currency', sql<number>`count(*)`.as('count'), sql<number>`coalesce(sum(amount), 0)`.as('gross'), sql<number>`coalesce(sum(case when approved = 1 then amount else 0 end), 0)`.as('approvedGross')]),
    filter,
  )
    .groupBy('currency')
    .orderBy('currency')
    .execute()
}

/** The rollup dimension a filter uses, if it uses at most one (with currency and dates). */
function rollupPlan(filter: PaymentFilter): { dim: string; values: string[] } | null {
  if (filter.q || filter.amountMin !== undefined || filter.amountMax !== undefined) return null
  const used = (
    <[string, string[] | undefined][]>[
      ['status', filter.status],
      ['outcome', filter.outcome ? [filter.outcome] : undefined],
      ['scheme', filter.scheme],
      ['response_code', filter.responseCode],
      ['avs_check', filter.avs],
      ['cvv_check', filter.cvv],
      ['risk_flagged', filter.flagged === undefined ? undefined : [filter.flagged ? '1' : '0']],
      ['payment_type', filter.paymentType],
    ]
  ).filter((entry): entry is [string, string[]] => Boolean(entry[1]?.length))
  if (used.length > 1) return null
  const [dim, values] = used[0] ?? ['all', ['']]
  return { dim, values: [...values] }
}

const DAY = 86_400_000
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Count and sums of the filtered payments by currency. Whole UTC days come from the
 * payment_totals rollup when the filter allows it; partial days at the edges of the range,
 * and filters the rollup cannot answer, are summed from the payments table.
 */
export async function paymentTotals(db: Kysely<PaymentsDatabase>, filter: PaymentFilter): Promise<Totals> {
  const plan = rollupPlan(filter)
  let parts: Totals['byCurrency'][]
  if (!plan) parts = [await scannedTotals(db, filter)]
  else {
    const from = filter.from ? Date.parse(filter.from) : null
    const to = filter.to ? Date.parse(filter.to) : null
    const firstFullDay = from === null ? null : Math.ceil(from / DAY) * DAY
    const endFullDays = to === null ? null : Math.floor(to / DAY) * DAY
    if (firstFullDay !== null && endFullDays !== null && firstFullDay >= endFullDays) parts = [await scannedTotals(db, filter)]
    else {
      let rollup = db
        .selectFrom('payment_totals')
        .select(['currency', sql<number>`sum(count)`.as('count'), sql<number>`sum(gross)`.as('gross'), sql<number>`sum(approved_gross)`.as('approvedGross')])
        .where('dim', '=', plan.dim)
        .where('value', 'in', plan.values)
      if (filter.currency?.length) rollup = rollup.where('currency', 'in', filter.currency)
      if (firstFullDay !== null) rollup = rollup.where('day', '>=', dayOf(firstFullDay))
      if (endFullDays !== null) rollup = rollup.where('day', '<', dayOf(endFullDays))
      parts = [(await rollup.groupBy('currency').having(sql<number>`sum(count)`, '>', 0).execute())]
      if (from !== null && firstFullDay !== null && from < firstFullDay) parts.push(await scannedTotals(db, { ...filter, from: filter.from, to: new Date(firstFullDay).toISOString() }))
      if (to !== null && endFullDays !== null && endFullDays < to) parts.push(await scannedTotals(db, { ...filter, from: new Date(endFullDays).toISOString(), to: filter.to }))
    }
  }
  const merged = new Map<string, Totals['byCurrency'][number]>()
  for (const row of parts.flat()) {
    const sum = merged.get(row.currency) ?? { currency: row.currency, count: 0, gross: 0, approvedGross: 0 }
    merged.set(row.currency, { currency: row.currency, count: sum.count + row.count, gross: sum.gross + row.gross, approvedGross: sum.approvedGross + row.approvedGross })
  }
  const byCurrency = [...merged.values()].sort((a, b) => a.currency.localeCompare(b.currency))
  return { count: byCurrency.reduce((n, r) => n + r.count, 0), byCurrency }
}
