// Calendar days in a chosen IANA time zone, as UTC instants. Finance closes a day in the
// merchant's zone, not the computer's nor UTC: "25 November" in Asia/Tokyo runs from
// 24 Nov 15:00Z to 25 Nov 15:00Z, and a day in Europe/London is 23 or 25 hours long when the
// clocks change. Pure (Intl only): the screens and the main process share it.

/** A calendar day, "2026-11-25". */
export type Day = string

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const partsFormats = new Map<string, Intl.DateTimeFormat>()
function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    partsFormats.set(zone, format)
  }
  return format
}

/** The wall clock in `zone` at instant `ms`. */
export function wallClock(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(partsFormat(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) }
}

/** How far `zone`'s clocks are ahead of UTC at instant `ms`, in milliseconds. */
export function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

function parseDay(day: Day): [number, number, number] {
  const m = DAY_PATTERN.exec(day)
  if (!m) throw new RangeError(`not a calendar day: ${day}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/**
 * The first instant of `day` in `zone`. Where the clocks jump over midnight (Chile, Lebanon) the
 * day starts when they land, the first instant whose wall clock reads that day.
 */
export function dayStart(day: Day, zone: string): Date {
  // Pure in (day, zone), and each costs about ten Intl calls (~80 µs): a chart of 90 days asks for each several times.
  const key = `${zone}|${day}`
  let start = dayStarts.get(key)
  if (start === undefined) {
    if (dayStarts.size >= 20_000) dayStarts.clear()
    dayStarts.set(key, (start = computeDayStart(day, zone)))
  }
  return new Date(start)
}
const dayStarts = new Map<string, number>()

function computeDayStart(day: Day, zone: string): number {
  const [y, m, d] = parseDay(day)
  const wall = Date.UTC(y, m - 1, d)
  // Each offset the zone uses around that wall clock gives a candidate; the day starts at the
  // earliest one that reads `day` while the millisecond before reads the day before.
  const offsets = new Set([-2, -1, 0, 1, 2].map((k) => offsetAt(wall + k * 43_200_000, zone)))
  const starts = [...offsets].map((o) => wall - o).filter((t) => dayOf(t, zone) === day && dayOf(t - 1, zone) < day)
  if (starts.length === 0) throw new RangeError(`${day} has no start in ${zone}`)
  return Math.min(...starts)
}

/**
 * The instant a wall clock in `zone` reads (a shop's "25/11/2026 14:03"). In the hour the clocks
 * go back, the earlier of the two; in the hour they skip, the time is read with the offset before.
 */
export function zonedInstant(wall: { year: number; month: number; day: number; hour: number; minute: number; second: number }, zone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  const candidates = [...new Set([-1, 0, 1].map((k) => offsetAt(asUtc + k * 43_200_000, zone)))].map((o) => asUtc - o).filter((t) => offsetAt(t, zone) === asUtc - t)
  return new Date(candidates.length ? Math.min(...candidates) : asUtc - offsetAt(asUtc - 86_400_000, zone))
}

/** The calendar day of instant `ms` in `zone`. */
export function dayOf(ms: number, zone: string): Day {
  const w = wallClock(ms, zone)
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`
}

/** The wall clock of `zone` at instant `ms`, to the second: "2026-11-25 14:03:22" (spreadsheets read it as a date). */
export function wallClockText(ms: number, zone: string): string {
  const w = wallClock(ms, zone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${dayOf(ms, zone)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`
}

/** The day `n` days after `day` (calendar arithmetic, no zone). */
export function addDays(day: Day, n: number): Day {
  const [y, m, d] = parseDay(day)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** The instants [from, to) of the days `first` to `last` inclusive, in `zone`. */
export function daysRange(first: Day, last: Day, zone: string): { from: string; to: string } {
  return { from: dayStart(first, zone).toISOString(), to: dayStart(addDays(last, 1), zone).toISOString() }
}

/** The time zone this computer's clock uses. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
