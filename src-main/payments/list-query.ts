import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely'
import { PAYMENT_LIST_COLUMNS, storedInstant, type PaymentListRow } from '../store/payment-records'
import type { PaymentsDatabase } from '../store/payments-database'
import { readCells } from '../store/cell-query'
import { CELL_MEASURE_NAMES, CELL_MEASURES, type CellDimension, type CellMeasure } from '../store/payment-cells'
import type { PaymentFilter, PaymentSort } from './filter'
import type { CurrencyTotals, PaymentTotals } from './contract'
import { SEARCH_COLUMNS } from '../store/payments-migrations'
import { microToMinor } from '../checkout/decimal-amount'
import { THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES } from '../reference/minor-units'
import { searchAmounts } from '../reference/amount-input'

// The payments list's queries. Pages are keyset pages over (sort value, id): a page never
// scans the rows before it (no OFFSET), and rows arriving meanwhile cannot make a page skip or
// repeat a row. Every filter maps to an indexed column (migration 004).

type Eb = ExpressionBuilder<PaymentsDatabase, 'payments'>

/** The highest code point, so `>= q and < q || MAX` is a prefix range an index can use. */
const MAX_CHAR = '\u{10FFFF}'

function prefix(eb: Eb, column: 'id' | 'reference' | 'customer_id' | 'customer_email' | 'last4' | 'auth_code' | 'bin', q: string) {
  return eb.and([eb(column, '>=', q), eb(column, '<', q + MAX_CHAR)])
}

/**
 * One search box for everything support is given over the phone: a payment id (with or without
 * pay_), a customer id, text inside a reference, email or name in any case, the last 4, an auth
 * code, an amount ("12.34" in any currency with two decimals, "1050" in JPY too) or a capture's
 * or refund's ARN. Each alternative is an index lookup (ids, last4, auth code, amount, ARN) or the
 * trigram index (text); texts shorter than 3 characters, too short for it, match at the start.
 */
function searchCondition(eb: Eb, raw: string, locale: string, text: TextSearch) {
  const q = raw.trim()
  if (/^(pay|sid)_/i.test(q)) return prefix(eb, 'id', q.toLowerCase())
  if (/^cus_/i.test(q)) return prefix(eb, 'customer_id', q.toLowerCase())
  // A whole email address: the customer's, at the start of the email index (a trigram search of
  // "example.com" would read every row's trigrams).
  if (WHOLE_EMAIL.test(q)) return prefix(eb, 'customer_email', q.toLowerCase())
  const alternatives = []
  if (!searchesInside(q)) alternatives.push(prefix(eb, 'reference', q), prefix(eb, 'customer_email', q.toLowerCase()))
  else if (text.mode === 'ids') alternatives.push(sql<boolean>`payments.rowid in (select value from json_each(${JSON.stringify(text.ids)}))`)
  else if (text.mode === 'index') alternatives.push(sql<boolean>`payments.rowid in (select rowid from payments_search where payments_search match ${ftsPhrase(q)})`)
  else {
    // Matches in most rows: checked row by row as the list's order is walked (a page needs few).
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    for (const column of SEARCH_COLUMNS) alternatives.push(sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`)
  }
  // An id pasted without its prefix: 26 letters and digits (or the start of them).
  if (/^[a-z0-9]{8,26}$/i.test(q) && /\d/.test(q)) alternatives.push(prefix(eb, 'id', `pay_${q.toLowerCase()}`))
  if (/^\d{4}$/.test(q)) alternatives.push(eb('last4', '=', q))
  if (/^[0-9A-Za-z]{1,6}$/.test(q)) {
    alternatives.push(prefix(eb, 'auth_code', q))
    if (q.toUpperCase() !== q) alternatives.push(prefix(eb, 'auth_code', q.toUpperCase()))
  }
  if (/^\d{23}$/.test(q)) alternatives.push(eb('id', 'in', eb.selectFrom('payment_actions').select('payment_id').where('acquirer_reference_number', '=', q)))
  for (const { exponent, minor } of searchAmounts(q, locale)) {
    const odd = [...ZERO_DECIMAL_CURRENCIES, ...THREE_DECIMAL_CURRENCIES]
    const currencies = exponent === 0 ? eb('currency', 'in', ZERO_DECIMAL_CURRENCIES) : exponent === 3 ? eb('currency', 'in', THREE_DECIMAL_CURRENCIES) : eb('currency', 'not in', odd)
    alternatives.push(eb.and([eb('amount', '=', minor), currencies]))
  }
  return eb.or(alternatives)
}

/**
 * How text inside is searched. Few matches: their row ids, read once from the trigram index
 * ('ids'). Many: the trigram index as a subquery, its matches sorted ('index'), or, for a
 * page, a LIKE on each row as the list's order is walked ('scan'), which finds a page at once
 * when matches are everywhere but walks far when they are bunched in the past: so a scan only
 * walks a bounded window, and the index answers when the window does not fill the page.
 */
type TextSearch = { mode: 'ids'; ids: number[] } | { mode: 'index' } | { mode: 'scan' }
/** Matches up to which their ids are read and looked up directly (measured at 1M rows: npm run bench). */
const FEW_MATCHES = 5000
/** Rows a scan may walk before the index answers instead. */
const SCAN_WINDOW = 10_000

const WHOLE_EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i
/** Text inside reference, email and name is searched from 3 characters (the trigram index's minimum). */
const searchesInside = (q: string) => q.length >= 3 && !/^(pay|sid|cus)_/i.test(q) && !WHOLE_EMAIL.test(q)
const ftsPhrase = (q: string) => `"${q.replaceAll('"', '""')}"`

/** null when the filter searches no text inside. */
async function textSearchFor(db: Kysely<PaymentsDatabase>, filter: PaymentFilter): Promise<TextSearch | null> {
  const q = filter.q?.trim()
  if (!q || !searchesInside(q)) return null
  const { rows } = await sql<{ rowid: number }>`select rowid from payments_search where payments_search match ${ftsPhrase(q)} limit ${FEW_MATCHES + 1}`.execute(db)
  return rows.length > FEW_MATCHES ? { mode: 'index' } : { mode: 'ids', ids: rows.map((r) => r.rowid) }
}

export function applyFilter<O>(query: SelectQueryBuilder<PaymentsDatabase, 'payments', O>, filter: PaymentFilter, text: TextSearch = { mode: 'index' }): SelectQueryBuilder<PaymentsDatabase, 'payments', O> {
  return query.where((eb) => {
    const conditions = []
    if (filter.from) conditions.push(eb('created_at', '>=', storedInstant(Date.parse(filter.from))))
    if (filter.to) conditions.push(eb('created_at', '<', storedInstant(Date.parse(filter.to))))
    if (filter.status?.length) conditions.push(eb('status', 'in', filter.status))
    if (filter.outcome === 'approved') conditions.push(eb('approved', '=', 1))
    if (filter.outcome === 'declined') conditions.push(eb('approved', '=', 0))
    if (filter.outcome === 'pending') conditions.push(eb('approved', 'is', null))
    if (filter.outcome === 'attempted') conditions.push(eb('approved', 'is not', null))
    if (filter.currency?.length) conditions.push(eb('currency', 'in', filter.currency))
    if (filter.scheme?.length) conditions.push(eb('scheme', 'in', filter.scheme))
    if (filter.responseCode?.length) conditions.push(eb('response_code', 'in', filter.responseCode))
    if (filter.avs?.length) conditions.push(eb('avs_check', 'in', filter.avs))
    if (filter.cvv?.length) conditions.push(eb('cvv_check', 'in', filter.cvv))
    if (filter.flagged !== undefined) conditions.push(eb('risk_flagged', '=', filter.flagged ? 1 : 0))
    if (filter.paymentType?.length) conditions.push(eb('payment_type', 'in', filter.paymentType))
    if (filter.category?.length) conditions.push(eb('response_code', 'in', eb.selectFrom('response_codes').select('code').where('category', 'in', filter.category)))
    if (filter.cardType?.length) conditions.push(eb('card_type', 'in', filter.cardType))
    if (filter.issuerCountry?.length) conditions.push(eb('issuer_country', 'in', filter.issuerCountry))
    if (filter.bin?.length) conditions.push(eb.or(filter.bin.map((bin) => prefix(eb, 'bin', bin))))
    if (filter.threeDs !== undefined) conditions.push(eb('three_ds', '=', filter.threeDs ? 1 : 0))
    if (filter.amountMin !== undefined) conditions.push(eb('amount', '>=', filter.amountMin))
    if (filter.amountMax !== undefined) conditions.push(eb('amount', '<=', filter.amountMax))
    if (filter.q) conditions.push(searchCondition(eb, filter.q, filter.locale ?? 'en-GB', text))
    return eb.and(conditions)
  })
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
  const pastCursor = <Q extends SelectQueryBuilder<PaymentsDatabase, 'payments', object>>(query: Q): Q =>
    // Row-value comparison: (value, id) strictly past the cursor, in the sort's direction.
    after ? (query.where(sql<boolean>`(${sql.ref(column)}, id) ${sql.raw(op)} (${after.value}, ${after.id})`) as Q) : query
  const page = async (text: TextSearch, within?: { value: string | number; id: string }) => {
    let query = pastCursor(applyFilter(db.selectFrom('payments').select(PAYMENT_LIST_COLUMNS), filter, text))
    if (within) query = query.where(sql<boolean>`(${sql.ref(column)}, id) ${sql.raw(op === '<' ? '>=' : '<=')} (${within.value}, ${within.id})`)
    return query.orderBy(column, sort.dir).orderBy('id', sort.dir).limit(limit + 1).execute()
  }
  const text = await textSearchFor(db, filter)
  let rows: PaymentListRow[] | null = null
  if (text?.mode === 'index') {
    // Many matches: walk a window of the list first; a full page there is the answer.
    const edge = await pastCursor(db.selectFrom('payments').select([column, 'id']))
      .orderBy(column, sort.dir)
      .orderBy('id', sort.dir)
      .offset(SCAN_WINDOW)
      .limit(1)
      .executeTakeFirst()
    const walked = await page({ mode: 'scan' }, edge ? { value: edge[column], id: edge.id } : undefined)
    if (walked.length > limit || !edge) rows = walked
  }
  rows ??= await page(text ?? { mode: 'index' })
  const more = rows.length > limit
  const shown = more ? rows.slice(0, limit) : rows
  const last = shown.at(-1)
  return { rows: shown, next: more && last ? { value: last[column], id: last.id } : null }
}

export type Totals = PaymentTotals

type Sums = Record<'currency' | 'outcome', string> & Record<CellMeasure, number>

/** The filter as payment_cells' dimensions; null when it uses what cells do not keep (text, amounts). */
export function cellWhere(filter: PaymentFilter): Partial<Record<CellDimension, string[]>> | null {
  if (filter.q || filter.amountMin !== undefined || filter.amountMax !== undefined) return null
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : [value ? '1' : '0'])
  const where: Partial<Record<CellDimension, string[] | undefined>> = {
    status: filter.status,
    outcome: filter.outcome === 'attempted' ? ['approved', 'declined'] : filter.outcome ? [filter.outcome] : undefined,
    currency: filter.currency,
    scheme: filter.scheme,
    response_code: filter.responseCode,
    avs: filter.avs,
    cvv: filter.cvv,
    flagged: flag(filter.flagged),
    payment_type: filter.paymentType,
    category: filter.category,
    card_type: filter.cardType,
    issuer_country: filter.issuerCountry,
    bin: filter.bin,
    three_ds: flag(filter.threeDs),
  }
  return Object.fromEntries(Object.entries(where).filter(([, v]) => v?.length)) as Partial<Record<CellDimension, string[]>>
}

/** Sums straight from the payments table: exact for any filter, a scan for broad ones. */
async function scannedTotals(db: Kysely<PaymentsDatabase>, filter: PaymentFilter): Promise<Sums[]> {
  const outcome = sql<string>`case approved when 1 then 'approved' when 0 then 'declined' else 'pending' end`
  const sums = CELL_MEASURE_NAMES.map((m) => sql<number>`coalesce(sum(${sql.raw(CELL_MEASURES[m].replaceAll('$.', ''))}), 0)`.as(m))
  return applyFilter(db.selectFrom('payments').select(['currency', outcome.as('outcome'), ...sums]), filter)
    .groupBy(['currency', 'outcome'])
    .execute()
}

/**
 * Count and sums of the filtered payments by currency: from payment_cells (exact, any range)
 * when a cut by currency has every dimension filtered on, else summed from the payments table.
 */
export async function paymentTotals(db: Kysely<PaymentsDatabase>, filter: PaymentFilter): Promise<Totals> {
  const where = cellWhere(filter)
  const range = { from: filter.from ? Date.parse(filter.from) : null, to: filter.to ? Date.parse(filter.to) : null }
  const rows = (where && (await readCells(db, { by: ['currency', 'outcome'], where, money: true, ...range }))) || (await scannedTotals(db, filter))
  const byCurrency = new Map<string, CurrencyTotals>()
  for (const row of rows) {
    const sum = byCurrency.get(row.currency) ?? { currency: row.currency, count: 0, gross: 0, approvedCount: 0, authorised: 0, captured: 0, refunded: 0, fees: 0, feesReported: 0, net: 0 }
    const approved = row.outcome === 'approved'
    sum.count += row.count
    sum.gross += row.amount
    sum.approvedCount += approved ? row.count : 0
    sum.authorised += approved ? row.amount : 0
    sum.captured += row.captured
    sum.refunded += row.refunded
    // Fees summed exactly in micro units here, rounded once below.
    sum.fees += row.fee_micro
    sum.feesReported += row.fee_count
    byCurrency.set(row.currency, sum)
  }
  const totals = [...byCurrency.values()]
    .filter((t) => t.count !== 0)
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((t) => {
      const fees = microToMinor(t.fees)
      return { ...t, fees, net: t.captured - t.refunded - fees }
    })
  return { count: totals.reduce((n, r) => n + r.count, 0), byCurrency: totals }
}
