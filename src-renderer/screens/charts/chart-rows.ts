import type { ApprovalSeries } from '../../../src-main/contract'
import { approvalRate, seriesLabel } from '../../../src-main/contract/reference'
import { formatDay } from '../../lib/format'

// The approval chart's data as the chart, its table and its tooltip read it: one row per bucket,
// a rate per series (null where nothing was attempted: a gap, never 0%) with the counts behind it.

export interface ChartLine {
  key: string
  label: string
  /** The dimension's value, for the payments list's filter; null for all payments and the rest. */
  value: string | null
}

export type ChartRow = { key: string; label: string; first: string; last: string; attempts: number; previousRate: number | null } & Record<string, number | string | null>

/** "rate:<key>", "approved:<key>", "attempts:<key>": a line's fields in a row. */
export const field = (what: 'rate' | 'approved' | 'attempts', line: ChartLine) => `${what}:${line.key}`

export function chartLines(data: ApprovalSeries): ChartLine[] {
  if (data.by === 'all') return [{ key: 'all', label: 'All payments', value: null }]
  return data.series.map((s, i) => ({ key: `s${i}`, label: seriesLabel(data.by, s.value), value: s.value }))
}

const MONTH = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** How a bucket reads: a day, "week of 5 Oct 2026", "October 2026", with the days it holds when the period cuts it. */
export function bucketLabel(bucket: { key: string; first: string; last: string }, grain: ApprovalSeries['grain']): string {
  if (grain === 'day') return formatDay(bucket.key)
  const whole = grain === 'week' ? bucket.first === bucket.key && Date.parse(bucket.last) - Date.parse(bucket.first) === 6 * 86_400_000 : bucket.first === bucket.key && new Date(Date.parse(bucket.last) + 86_400_000).getUTCDate() === 1
  const name = grain === 'week' ? `Week of ${formatDay(bucket.key)}` : MONTH.format(new Date(`${bucket.key}T00:00:00Z`))
  return whole ? name : `${name} (${formatDay(bucket.first)} – ${formatDay(bucket.last)})`
}

export function chartRows(data: ApprovalSeries, lines: ChartLine[]): ChartRow[] {
  const counts = (i: number) => (data.by === 'all' ? [data.total] : data.series).map((s) => ({ approved: s.approved[i]!, attempts: s.attempts[i]! }))
  return data.buckets.map((bucket, i) => {
    const row: ChartRow = { key: bucket.key, label: bucketLabel(bucket, data.grain), first: bucket.first, last: bucket.last, attempts: data.total.attempts[i]!, previousRate: null }
    counts(i).forEach((c, k) => {
      const line = lines[k]!
      row[field('approved', line)] = c.approved
      row[field('attempts', line)] = c.attempts
      row[field('rate', line)] = approvalRate(c.approved, c.attempts)
    })
    // The period before, bucket by bucket from its start (its all-payments rate).
    const before = data.previous
    if (before && i < before.buckets.length) row.previousRate = approvalRate(before.total.approved[i]!, before.total.attempts[i]!)
    return row
  })
}

/** "92.4%", or "—" where nothing was attempted. */
export const rateText = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(100 * rate).toFixed(1)}%`)
