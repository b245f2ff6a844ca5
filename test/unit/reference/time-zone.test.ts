import { describe, expect, it } from 'vitest'
import { addDays, dayOf, dayStart, daysRange, isTimeZone, offsetAt, zonedInstant } from '../../../src-main/reference/time-zone'

const HOUR = 3_600_000

describe('days in a time zone', () => {
  it('starts a Tokyo day at 15:00 UTC the day before', () => {
    expect(dayStart('2026-11-25', 'Asia/Tokyo').toISOString()).toBe('2026-11-24T15:00:00.000Z')
    expect(dayOf(Date.parse('2026-11-24T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-25')
    expect(dayOf(Date.parse('2026-11-24T14:59:59Z'), 'Asia/Tokyo')).toBe('2026-11-24')
  })

  it('makes the London spring-forward day 23 hours and the fall-back day 25', () => {
    const spring = daysRange('2026-03-29', '2026-03-29', 'Europe/London')
    expect(spring).toEqual({ from: '2026-03-29T00:00:00.000Z', to: '2026-03-29T23:00:00.000Z' })
    const autumn = daysRange('2026-10-25', '2026-10-25', 'Europe/London')
    expect(autumn).toEqual({ from: '2026-10-24T23:00:00.000Z', to: '2026-10-26T00:00:00.000Z' })
    expect(Date.parse(autumn.to) - Date.parse(autumn.from)).toBe(25 * HOUR)
  })

  it('follows New York across its changes (midnight never moves there)', () => {
    expect(dayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(dayStart('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z')
    expect(dayStart('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z')
    expect(dayStart('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z')
  })

  it('starts a day whose midnight is skipped (Chile, first Sunday of September) when the clocks land', () => {
    // 00:00 -04 becomes 01:00 -03: the day's first instant is 04:00Z, its wall clock 01:00.
    const start = dayStart('2026-09-06', 'America/Santiago')
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z')
    expect(dayOf(start.getTime() - 1, 'America/Santiago')).toBe('2026-09-05')
  })

  it('handles half-hour zones and UTC', () => {
    expect(dayStart('2026-11-25', 'Asia/Kolkata').toISOString()).toBe('2026-11-24T18:30:00.000Z')
    expect(dayStart('2026-11-25', 'UTC').toISOString()).toBe('2026-11-25T00:00:00.000Z')
    expect(offsetAt(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR)
  })

  it('reads a wall clock in a zone as an instant, also on the days the clocks change', () => {
    const at = (y: number, mo: number, d: number, h: number, mi = 0) => ({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 })
    expect(zonedInstant(at(2026, 11, 25, 14, 3), 'Asia/Tokyo').toISOString()).toBe('2026-11-25T05:03:00.000Z')
    expect(zonedInstant(at(2026, 7, 1, 9), 'Europe/London').toISOString()).toBe('2026-07-01T08:00:00.000Z')
    // 01:30 happens twice when London's clocks go back: the first.
    expect(zonedInstant(at(2026, 10, 25, 1, 30), 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z')
    // 01:30 never happens when they go forward: read with the offset before (GMT).
    expect(zonedInstant(at(2026, 3, 29, 1, 30), 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z')
  })

  it('adds days across months and years, and tells zones from nonsense', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(isTimeZone('Asia/Tokyo')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(() => dayStart('25/11/2026', 'UTC')).toThrow(/calendar day/)
  })
})
