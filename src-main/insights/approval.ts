import type { Kysely } from 'kysely'
import { APPROVAL_MAX_SERIES, bucketDays } from '../reference/approval-series'
import { daysRange, type Day } from '../reference/time-zone'
import { ATTEMPT_OUTCOMES, mostAttempted, readCellDays } from '../store/cell-query'
import type { CellDimension } from '../store/payment-cells'
import type { PaymentsDatabase } from '../store/payments-database'
import { byCodePoint } from './code-point-order'
import type { ApprovalInput, ApprovalSeries, Counts } from './contract'
import { daysOf, resolvePeriod } from './period'

// Approval over time for the charts: per calendar day of the zone (then per week or month),
// attempts and approvals overall and for up to six values of one dimension, the rest of the
// attempts as "other", and the period before. An attempt is a payment approved or declined
// (a 3-D Secure payment never finished is pending: not an attempt).

type Db = Kysely<PaymentsDatabase>

/** The values offered to pick from, most attempts first. */
const MAX_CHOICES = 50

const zeros = (n: number): Counts => ({ approved: Array<number>(n).fill(0), attempts: Array<number>(n).fill(0) })

/**
 * Attempts and approvals per day of `days` for every value of `by` ('' for all payments), or only
 * `values`. BINs only for chosen values: their cells found by BIN (BIN_CELLS_INDEX).
 */
async function perDay(db: Db, by: CellDimension | null, days: Day[], zone: string, values?: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>()
  if (days.length === 0 || values?.length === 0) return out
  const { from, to } = daysRange(days[0]!, days.at(-1)!, zone)
  const index = new Map(days.map((d, i) => [d, i]))
  const where = { outcome: ATTEMPT_OUTCOMES, ...(by && values ? { [by]: values } : {}) }
  const rows = (await readCellDays(db, { by: by ? [by, 'outcome'] : ['outcome'], where, from: Date.parse(from), to: Date.parse(to), zone, ...(by === 'bin' ? { cut: 'bins' as const } : {}) }))!
  for (const row of rows) {
    const value = by ? (row as Record<string, string>)[by]! : ''
    const i = index.get(row.day)
    if (i === undefined) continue
    let counts = out.get(value)
    if (!counts) out.set(value, (counts = zeros(days.length)))
    counts.attempts[i]! += row.count
    if (row.outcome === 'approved') counts.approved[i]! += row.count
  }
  return out
}

/** Every value's attempts over the days, most first. */
function choicesFrom(perValue: Map<string, Counts>) {
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0)
  return [...perValue]
    .map(([value, c]) => ({ value, attempts: sum(c.attempts), approved: sum(c.approved) }))
    .filter((c) => c.attempts > 0)
    .sort((a, b) => b.attempts - a.attempts || byCodePoint(a.value, b.value))
}

/**
 * Dimensions with many values (BINs, issuing countries): their values' days are read only for
 * the chosen ones, so the choices come first, from the period's cells.
 */
const MANY_VALUES: readonly CellDimension[] = ['bin', 'issuer_country']

/** Day sums into buckets (weeks, months). */
function gather(counts: Counts, indexOfDay: number[], buckets: number): Counts {
  const out = zeros(buckets)
  indexOfDay.forEach((b, i) => {
    out.approved[b]! += counts.approved[i]!
    out.attempts[b]! += counts.attempts[i]!
  })
  return out
}

/** The calendar days from the first stored payment to today, for 'all time'. */
async function allDays(db: Db, zone: string, now: Date): Promise<Day[]> {
  const first = await db.selectFrom('payments').select((eb) => eb.fn.min('created_at').as('at')).executeTakeFirst()
  if (!first?.at) return []
  return daysOf(Date.parse(first.at), now.getTime() + 1, zone)
}

/** Per value over `days`: one read of the cells, or for many-valued dimensions the total and the chosen values. */
async function countsOver(db: Db, by: CellDimension | null, chosen: string[] | null, days: Day[], zone: string) {
  if (by && chosen) {
    const total = (await perDay(db, null, days, zone)).get('') ?? zeros(days.length)
    // A period without attempts (before the first payment) has none of any value: not read.
    const perValue = total.attempts.some((n) => n > 0) ? await perDay(db, by, days, zone, chosen) : new Map<string, Counts>()
    return { total, perValue }
  }
  const perValue = await perDay(db, by, days, zone)
  const total = zeros(days.length)
  for (const c of perValue.values())
    c.attempts.forEach((n, i) => {
      total.attempts[i]! += n
      total.approved[i]! += c.approved[i]!
    })
  return { total, perValue }
}

/** The chosen values' series, the rest as other, and every attempt, in the grain's buckets. */
function seriesOf(counts: { total: Counts; perValue: Map<string, Counts> }, by: CellDimension | null, values: string[], days: Day[], grain: ApprovalInput['grain']) {
  const { buckets, indexOfDay } = bucketDays(days, grain)
  const of = (value: string) => counts.perValue.get(value) ?? zeros(days.length)
  const rest = {
    approved: counts.total.approved.map((n, i) => n - values.reduce((sum, v) => sum + of(v).approved[i]!, 0)),
    attempts: counts.total.attempts.map((n, i) => n - values.reduce((sum, v) => sum + of(v).attempts[i]!, 0)),
  }
  const other = by && rest.attempts.some((n) => n > 0) ? gather(rest, indexOfDay, buckets.length) : null
  return { buckets, total: gather(counts.total, indexOfDay, buckets.length), series: values.map((value) => ({ value, ...gather(of(value), indexOfDay, buckets.length) })), other }
}

export async function approvalSeries(db: Db, input: ApprovalInput, now: Date): Promise<ApprovalSeries> {
  const { now: range, previous: previousRange, resolved } = resolvePeriod(input)
  const zone = input.timeZone
  const by = input.by === 'all' ? null : (input.by as CellDimension)
  const days = input.first && input.last ? daysOf(range.from!, range.to!, zone) : await allDays(db, zone, now)
  const pick = (choices: { value: string }[]) => (input.values ? [...new Set(input.values)] : choices.slice(0, APPROVAL_MAX_SERIES).map((c) => c.value))
  const first = by && MANY_VALUES.includes(by) ? (await mostAttempted(db, by, range.from, range.to, MAX_CHOICES))! : null
  const current = await countsOver(db, by, first ? pick(first) : null, days, zone)
  const choices = by ? (first ?? choicesFrom(current.perValue)).slice(0, MAX_CHOICES) : []
  const values = by ? pick(choices) : []
  const before = resolved.previous && input.previous ? daysOf(previousRange.from!, previousRange.to!, zone) : null
  return {
    period: { ...resolved, first: days[0] ?? resolved.first, last: days.at(-1) ?? resolved.last },
    grain: input.grain,
    by: input.by,
    ...seriesOf(current, by, values, days, input.grain),
    previous: before && resolved.previous ? { first: resolved.previous.first, last: resolved.previous.last, ...seriesOf(await countsOver(db, by, by ? values : null, before, zone), by, values, before, input.grain) } : null,
    choices,
  }
}
