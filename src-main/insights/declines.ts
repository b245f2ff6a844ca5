import type { Kysely } from 'kysely'
import { daysRange } from '../reference/time-zone'
import { responseCategory, type ResponseCategory } from '../reference/codes'
import { readCellDays, readCells } from '../store/cell-query'
import type { CellDimension } from '../store/payment-cells'
import type { PaymentsDatabase } from '../store/payments-database'
import { byCodePoint } from './code-point-order'
import type { DeclineBreakdown, DeclineSlice, DeclineSliceBreakdown, Period } from './contract'
import { daysOf, resolvePeriod, type Range } from './period'

// Why payments decline: by response code (with its category and the declined money per
// currency) and per day for the top codes (one call), and by slice (scheme, card type, issuing
// country, BIN, currency, payment type, 3-D Secure; a call each); each against the period before.

type Db = Kysely<PaymentsDatabase>

const empty = () => ({ attempts: 0, declined: 0 })

/** Attempts and declines from rows grouped by outcome. */
function addOutcome(sum: { attempts: number; declined: number }, outcome: string, count: number) {
  if (outcome === 'pending') return
  sum.attempts += count
  if (outcome === 'declined') sum.declined += count
}

export async function declineCodes(db: Db, now: Range, previous: Range | null) {
  const rows = (await readCells(db, { by: ['currency', 'outcome', 'category', 'response_code'], money: true, ...now }))!
  const before = previous ? (await readCells(db, { by: ['outcome', 'response_code'], ...previous }))! : []
  const totals = { now: empty(), previous: empty() }
  const codes = new Map<string, { code: string; category: ResponseCategory; declined: number; previousDeclined: number; amounts: Map<string, number> }>()
  for (const row of rows) {
    addOutcome(totals.now, row.outcome, row.count)
    if (row.outcome !== 'declined') continue
    const code = codes.get(row.response_code) ?? { code: row.response_code, category: (row.category || responseCategory(row.response_code)) as ResponseCategory, declined: 0, previousDeclined: 0, amounts: new Map() }
    code.declined += row.count
    code.amounts.set(row.currency, (code.amounts.get(row.currency) ?? 0) + row.amount)
    codes.set(row.response_code, code)
  }
  for (const row of before) {
    addOutcome(totals.previous, row.outcome, row.count)
    const code = codes.get(row.response_code)
    if (row.outcome === 'declined' && code) code.previousDeclined += row.count
  }
  const known = codes.size ? await db.selectFrom('response_codes').select(['code', 'summary']).where('code', 'in', [...codes.keys()]).execute() : []
  const summaries = new Map(known.map((k) => [k.code, k.summary]))
  const list = [...codes.values()]
    .sort((a, b) => b.declined - a.declined || byCodePoint(a.code, b.code))
    .map((c) => ({ ...c, summary: c.code === '' ? 'Declined without a response code (refused before the issuer answered, such as a failed 3-D Secure)' : summaries.get(c.code) || 'Not in Checkout.com’s published table', amounts: [...c.amounts].sort(([a], [b]) => byCodePoint(a, b)).map(([currency, amount]) => ({ currency, amount })) }))
  return { ...totals, codes: list }
}

/** Slices shown one by one; the rest (BINs beyond these) are summed in `others`. */
const TOP = 25

export async function declineSlice(db: Db, slice: DeclineSlice, now: Range, previous: Range | null) {
  const dim = slice as CellDimension
  const rows = (await readCells(db, { by: [dim, 'outcome', 'category'], ...now }))!
  const before = previous ? (await readCells(db, { by: [dim, 'outcome'], ...previous }))! : []
  const values = new Map<string, DeclineSliceBreakdown['rows'][number]>()
  const entry = (value: string) => {
    let row = values.get(value)
    if (!row) values.set(value, (row = { value, now: empty(), previous: empty(), declinedBy: {} }))
    return row
  }
  for (const row of rows) {
    const e = entry(row[dim])
    addOutcome(e.now, row.outcome, row.count)
    if (row.outcome === 'declined') e.declinedBy[row.category] = (e.declinedBy[row.category] ?? 0) + row.count
  }
  for (const row of before) if (values.has(row[dim])) addOutcome(entry(row[dim]).previous, row.outcome, row.count)
  const sorted = [...values.values()].filter((r) => r.now.attempts > 0).sort((a, b) => b.now.declined - a.now.declined || b.now.attempts - a.now.attempts || byCodePoint(a.value, b.value))
  const shown = sorted.slice(0, TOP)
  const rest = sorted.slice(TOP)
  const others = rest.length
    ? rest.reduce(
        (sum, r) => {
          sum.now.attempts += r.now.attempts
          sum.now.declined += r.now.declined
          sum.previous.attempts += r.previous.attempts
          sum.previous.declined += r.previous.declined
          for (const [c, n] of Object.entries(r.declinedBy)) sum.declinedBy[c] = (sum.declinedBy[c] ?? 0) + n
          return sum
        },
        { value: `${rest.length} others`, now: empty(), previous: empty(), declinedBy: {} as Record<string, number> },
      )
    : null
  return { slice, rows: shown, others }
}

const TREND_DAYS = 90
const TREND_CODES = 5

/** Declines per calendar day for `codes`, over the period's last 90 days (to today for all time). */
export async function declineTrend(db: Db, codes: string[], period: Period, now: Date) {
  const zone = period.timeZone
  const end = period.last ? Date.parse(daysRange(period.last, period.last, zone).to) : now.getTime()
  const periodStart = period.first ? Date.parse(daysRange(period.first, period.first, zone).from) : null
  const ninetyBack = end - TREND_DAYS * 86_400_000
  const from = Math.max(periodStart ?? ninetyBack, ninetyBack)
  const days = daysOf(from, end, zone).slice(-TREND_DAYS)
  if (codes.length === 0 || days.length === 0) return { days, series: [] }
  const start = Date.parse(daysRange(days[0]!, days[0]!, zone).from)
  const rows = (await readCellDays(db, { by: ['response_code'], where: { outcome: ['declined'], response_code: codes }, from: Math.max(start, periodStart ?? start), to: end, zone, cut: 'declines' }))!
  const index = new Map(days.map((d, i) => [d, i]))
  const series = codes.map((code) => ({ code, counts: days.map(() => 0) }))
  for (const row of rows) {
    const i = index.get(row.day)
    const s = series.find((x) => x.code === row.response_code)
    if (i !== undefined && s) s.counts[i]! += row.count
  }
  return { days, series }
}

export async function declineBreakdown(db: Db, period: Period, now: Date): Promise<DeclineBreakdown> {
  const { now: range, previous, resolved } = resolvePeriod(period)
  const before = resolved.previous ? previous : null
  const codes = await declineCodes(db, range, before)
  const trend = await declineTrend(db, codes.codes.slice(0, TREND_CODES).map((c) => c.code), period, now)
  return { period: resolved, now: codes.now, previous: codes.previous, codes: codes.codes, trend }
}

/** One slice of the period's declines, against the period before. */
export async function periodSlice(db: Db, period: Period, slice: DeclineSlice): Promise<DeclineSliceBreakdown> {
  const { now, previous, resolved } = resolvePeriod(period)
  return declineSlice(db, slice, now, resolved.previous ? previous : null)
}
