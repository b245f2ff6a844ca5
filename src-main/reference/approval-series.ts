import { addDays, type Day } from './time-zone'

// What the approval-rate charts count, as pure rules the main process, the screens and the
// tests share: a rate, and how days are gathered into weeks and months.

export const APPROVAL_GRAINS = ['day', 'week', 'month'] as const
/** How many values a chart compares at most. */
export const APPROVAL_MAX_SERIES = 6
export type ApprovalGrain = (typeof APPROVAL_GRAINS)[number]

/** A series' name in files and on screen: a dimension's value, or all payments. */
export const seriesLabel = (by: string, value: string): string => (by === 'all' ? 'All payments' : by === 'three_ds' ? (value === '1' ? 'With 3-D Secure' : 'Without 3-D Secure') : value || 'Unknown')

/** Approved / attempts as a fraction; null where nothing was attempted (a gap on a chart, never 0%). */
export function approvalRate(approved: number, attempts: number): number | null {
  return attempts === 0 ? null : approved / attempts
}

/** The bucket a day falls in: itself, the Monday its week starts on, or the first of its month. */
export function bucketOf(day: Day, grain: ApprovalGrain): Day {
  if (grain === 'day') return day
  if (grain === 'month') return `${day.slice(0, 7)}-01`
  // 1970-01-05 was a Monday.
  const weekday = (Math.round(Date.parse(day) / 86_400_000) - 4) % 7
  return addDays(day, -((weekday + 7) % 7))
}

export interface Bucket {
  key: Day
  /** The bucket's first and last days inside the period (a week or month cut by the period's ends is partial). */
  first: Day
  last: Day
}

/** The period's days gathered into buckets, in order, with the index of each day's bucket. */
export function bucketDays(days: readonly Day[], grain: ApprovalGrain): { buckets: Bucket[]; indexOfDay: number[] } {
  const buckets: Bucket[] = []
  const indexOfDay = days.map((day) => {
    const key = bucketOf(day, grain)
    const last = buckets.at(-1)
    if (last?.key === key) {
      last.last = day
      return buckets.length - 1
    }
    buckets.push({ key, first: day, last: day })
    return buckets.length - 1
  })
  return { buckets, indexOfDay }
}
