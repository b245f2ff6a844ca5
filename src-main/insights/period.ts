import { addDays, dayOf, daysRange, type Day } from '../reference/time-zone'
import type { Period } from './contract'

/** Instants [from, to); null is open. */
export interface Range {
  from: number | null
  to: number | null
}

export interface ResolvedRange {
  now: Range
  previous: Range
  resolved: { first: Day | null; last: Day | null; previous: { first: Day; last: Day } | null; timeZone: string }
}

const DAY = 86_400_000

/** A period of days in its zone as instants, with the period of as many days just before it. */
export function resolvePeriod(period: Period): ResolvedRange {
  const { first, last, timeZone } = period
  if (first === null || last === null) return { now: { from: null, to: null }, previous: { from: 0, to: 0 }, resolved: { first: null, last: null, previous: null, timeZone } }
  const days = Math.round((Date.parse(last) - Date.parse(first)) / DAY) + 1
  const previous = { first: addDays(first, -days), last: addDays(first, -1) }
  const span = (a: Day, b: Day) => {
    const { from, to } = daysRange(a, b, timeZone)
    return { from: Date.parse(from), to: Date.parse(to) }
  }
  return { now: span(first, last), previous: span(previous.first, previous.last), resolved: { first, last, previous, timeZone } }
}

/** The calendar days of [from, to) in `zone`. */
export function daysOf(from: number, to: number, zone: string): Day[] {
  const days: Day[] = []
  for (let day = dayOf(from, zone), end = dayOf(to - 1, zone); day <= end; day = addDays(day, 1)) days.push(day)
  return days
}
