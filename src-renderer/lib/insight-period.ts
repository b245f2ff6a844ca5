import { addDays, dayOf } from '../../src-main/contract/reference'

// The insights' period: calendar days in the chosen time zone, ending today (or chosen), kept in
// the address (#/declines?period=30d) like the payments list's filters. A figure drills into the
// payments list with the same days (range=custom&from=…&to=…), so its count is the list's.

export const INSIGHT_PERIODS = [
  ['today', 'Today'],
  ['yesterday', 'Yesterday'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['all', 'All time'],
  ['custom', 'Custom…'],
] as const
export type InsightPeriodKey = (typeof INSIGHT_PERIODS)[number][0]

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/

export interface InsightPeriod {
  key: InsightPeriodKey
  first: string | null
  last: string | null
}

export function periodFromParams(params: URLSearchParams, zone: string, now = new Date()): InsightPeriod {
  const today = dayOf(now.getTime(), zone)
  const key = (INSIGHT_PERIODS.find(([k]) => k === params.get('period'))?.[0] ?? '30d') as InsightPeriodKey
  const back = (n: number) => ({ key, first: addDays(today, -(n - 1)), last: today })
  switch (key) {
    case 'today':
      return { key, first: today, last: today }
    case 'yesterday':
      return { key, first: addDays(today, -1), last: addDays(today, -1) }
    case '7d':
      return back(7)
    case '30d':
      return back(30)
    case '90d':
      return back(90)
    case 'all':
      return { key, first: null, last: null }
    case 'custom': {
      const from = params.get('from')
      const to = params.get('to')
      const first = from && DAY_TEXT.test(from) ? from : addDays(today, -29)
      const last = to && DAY_TEXT.test(to) ? to : today
      return first <= last ? { key, first, last } : { key, first: last, last: first }
    }
  }
}

/** The payments list for this period and these filters (address keys of payment-filter-url.ts). */
export function paymentsLink(period: Pick<InsightPeriod, 'first' | 'last'>, filters: Record<string, string>): string {
  const params = new URLSearchParams(period.first && period.last ? { range: 'custom', from: period.first, to: period.last } : { range: 'all' })
  for (const [key, value] of Object.entries(filters)) params.set(key, value)
  return `/payments?${params.toString()}`
}

/** "12.3%", or a dash where nothing was attempted (no rate, not 0%). */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`
}

/** The change of a rate in percentage points: "+1.2 pts", "−0.4 pts", or '' when either side has no attempts. */
export function pointsChange(part: number, whole: number, previousPart: number, previousWhole: number): string {
  if (whole === 0 || previousWhole === 0) return ''
  const change = (100 * part) / whole - (100 * previousPart) / previousWhole
  const rounded = Math.round(change * 10) / 10
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded).toFixed(1)} pts`
}
