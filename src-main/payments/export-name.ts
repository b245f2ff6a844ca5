import { dayOf, wallClockText } from '../reference/time-zone'
import type { PaymentFilter } from './filter'

/**
 * An export's file name says what it holds and when it was made, so a second export never
 * replaces the first: `paydesk-payments-2026-11-29-140509-declined-GBP-EUR.csv`. Filter values
 * are kept to file-safe characters and the whole name to a sane length. Days and the time are
 * those of the zone the export's dates are written in; the range names its last day (inclusive).
 */
export function exportFileName(filter: PaymentFilter, now: Date, zone: string): string {
  const stamp = wallClockText(now.getTime(), zone).replace(' ', '-').replaceAll(':', '')
  const parts: string[] = []
  if (filter.from || filter.to) parts.push(`${filter.from ? dayOf(Date.parse(filter.from), zone) : 'start'}_to_${filter.to ? dayOf(Date.parse(filter.to) - 1, zone) : 'now'}`)
  if (filter.outcome) parts.push(filter.outcome)
  for (const list of [filter.status, filter.currency, filter.scheme, filter.paymentType, filter.responseCode, filter.avs, filter.cvv]) if (list?.length) parts.push(list.join('-'))
  if (filter.flagged !== undefined) parts.push(filter.flagged ? 'flagged' : 'not-flagged')
  if (filter.amountMin !== undefined || filter.amountMax !== undefined) parts.push(`amount-${filter.amountMin ?? 0}-${filter.amountMax ?? 'max'}`)
  if (filter.q) parts.push(`search-${filter.q}`)
  const detail = parts.join('-').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-+/g, '-').slice(0, 80).replace(/^-|-$/g, '')
  return `paydesk-payments-${stamp}${detail ? `-${detail}` : ''}.csv`
}
