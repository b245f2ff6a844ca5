import { sql, type Kysely, type RawBuilder } from 'kysely'
import { addDays, dayOf, dayStart, type Day } from '../reference/time-zone'
import { CELL_DIMENSIONS, CELL_MEASURE_NAMES, CELL_MEASURES, CUT_NAMES, CUTS, GRAINS, hasMoney, type CellDimension, type CellMeasure, type CutName, type Grain } from './payment-cells'
import { storedInstant } from './payment-records'
import type { PaymentsDatabase } from './payments-database'

// Reads payment_cells (payment-cells.ts) for any range of instants: the range is cut into the
// coarsest whole buckets it holds (weeks, then days, then hours at each end) and what is left
// at either end is summed from the payments themselves, so every figure is exact whatever the
// time zone's offset. readCellDays gives figures per calendar day of a zone: day cells between
// the UTC midnights nearest each day's boundaries, corrected at each boundary (readCellDays).

const HOUR = 3_600_000
/** Above every stored instant, as text. */
const MAX_TEXT = '\u{10FFFF}'
const DAY = 24 * HOUR
/** In a raw piece's day label, "A>B": its payments count for day A and are taken from day B (whose hour cell holds them). */
const MOVED = '>'

export interface CellQuery<D extends CellDimension> {
  /** The dimensions to group by. */
  by: readonly D[]
  /** Only cells whose dimension has one of these values. */
  where?: Partial<Record<CellDimension, readonly string[]>>
  /** Requested at or after `from`, before `to` (ms); null is open. */
  from: number | null
  to: number | null
  /** Money sums are wanted: only a cut by currency has them. */
  money?: boolean
}

export type CellRow<D extends CellDimension> = Record<D, string> & Record<CellMeasure, number>
export type DayCellRow<D extends CellDimension> = CellRow<D> & { day: Day }

/** The first (smallest) cut that has every dimension the query groups or filters by. */
export function cutFor(query: { by: readonly CellDimension[]; where?: Partial<Record<CellDimension, readonly string[]>>; money?: boolean }, grains: readonly Grain[] = []): CutName | null {
  const needed = [...query.by, ...Object.keys(query.where ?? {})] as CellDimension[]
  return (
    CUT_NAMES.find((cut) => {
      const dims = CUTS[cut].dims as readonly CellDimension[]
      return !('only' in CUTS[cut]) && needed.every((d) => dims.includes(d)) && (!query.money || hasMoney(cut)) && grains.every((g) => (CUTS[cut].grains as readonly Grain[]).includes(g))
    }) ?? null
  )
}

/** A raw piece with sign -1 is taken away: a whole bucket was read for it and its other side (shorter) is read raw. */
type Part = { grain: Grain; lo: number | null; hi: number | null } | { raw: true; from: number | null; to: number | null; sign?: -1 }

/** Weeks start on Monday: 1970-01-05, day 4. */
const MONDAY = 4 * DAY
const floorTo = (t: number, grain: Grain) => (grain === 'w' ? Math.floor((t - MONDAY) / (7 * DAY)) * 7 * DAY + MONDAY : Math.floor(t / (GRAINS[grain] * HOUR)) * GRAINS[grain] * HOUR)
const ceilTo = (t: number, grain: Grain) => {
  const floor = floorTo(t, grain)
  return floor === t ? t : floor + GRAINS[grain] * HOUR
}

/**
 * [from, to) as whole buckets of the coarsest grains that fit, and raw pieces at the ends. A cut
 * with no hours leaves up to a day raw at an end: where the rest of that day is shorter, the
 * whole day's cells are read and the rest taken away (a zone at +5:30 reads 11 hours raw, not 24).
 */
export function rangeParts(from: number | null, to: number | null, grains: readonly Grain[]): Part[] {
  let left = from ?? -Infinity
  let right = to ?? Infinity
  if (left >= right) return []
  const levels: ('raw' | Grain)[] = ['raw', ...(['h', 'd', 'w'] as const).filter((g) => grains.includes(g))]
  const parts: Part[] = []
  const emit = (level: 'raw' | Grain, a: number, b: number, sign: 1 | -1 = 1) => {
    if (a >= b) return
    const lo = Number.isFinite(a) ? a : null
    const hi = Number.isFinite(b) ? b : null
    parts.push(level !== 'raw' ? { grain: level, lo: lo === null ? null : lo / HOUR, hi: hi === null ? null : hi / HOUR } : sign === 1 ? { raw: true, from: lo, to: hi } : { raw: true, from: lo, to: hi, sign })
  }
  for (let i = 0; i < levels.length - 1; i++) {
    const next = levels[i + 1] as Grain
    const raw = levels[i] === 'raw'
    if (Number.isFinite(left)) {
      const aligned = ceilTo(left, next)
      if (aligned >= right) {
        emit(levels[i]!, left, right)
        return parts
      }
      const floor = floorTo(left, next)
      if (raw && left - floor < aligned - left) {
        emit('raw', floor, left, -1)
        left = floor
      } else {
        emit(levels[i]!, left, aligned)
        left = aligned
      }
    }
    if (Number.isFinite(right)) {
      const aligned = floorTo(right, next)
      const ceil = ceilTo(right, next)
      if (raw && ceil - right < right - aligned) {
        emit('raw', right, ceil, -1)
        right = ceil
      } else {
        emit(levels[i]!, aligned, right)
        right = aligned
      }
    }
  }
  emit(levels.at(-1)!, left, right)
  return parts
}

const dimExpression = (dim: CellDimension) => sql.raw(CELL_DIMENSIONS[dim].replaceAll('$', 'p'))
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`))

/** The measures a query sums: money only where it asks for it (each sum carried through a group costs). */
const measuresOf = (money: boolean): readonly CellMeasure[] => (money ? CELL_MEASURE_NAMES : ['count'])

/** Money is summed where the query asks for it and the cut keeps it. */
const wantsMoney = (query: { money?: boolean }, cut: CutName) => (query.money ?? false) && hasMoney(cut)

/** A part's cells, not grouped: the query groups every part at once. */
function cellSelect<D extends CellDimension>(cut: CutName, query: CellQuery<D>, grain: Grain, lo: number | null, hi: number | null): RawBuilder<unknown> {
  const conditions = [sql`cut = ${cut}`, sql`grain = ${grain}`]
  if (lo !== null) conditions.push(sql`bucket >= ${lo}`)
  if (hi !== null) conditions.push(sql`bucket < ${hi}`)
  for (const [dim, values] of Object.entries(query.where ?? {}) as [CellDimension, readonly string[]][]) conditions.push(sql`${sql.ref(dim)} in (${inList(values)})`)
  const columns = [...query.by, ...measuresOf(query.money ?? false)].map((c) => sql.ref(c))
  return sql`select ${sql.join(columns)} from payment_cells where ${sql.join(conditions, sql` and `)}`
}

/** Cells of one grain summed per label: `runs` are [first bucket, end bucket, label] (buckets are hour numbers). */
function daySelect<D extends CellDimension>(cut: CutName, query: CellQuery<D>, grain: Grain, runs: [number, number, string][]): RawBuilder<unknown> {
  const conditions = [sql`c.cut = ${cut}`, sql`c.grain = ${grain}`, sql`c.bucket >= r.value ->> 0`, sql`c.bucket < r.value ->> 1`]
  for (const [dim, values] of Object.entries(query.where ?? {}) as [CellDimension, readonly string[]][]) conditions.push(sql`${sql.ref(`c.${dim}`)} in (${inList(values)})`)
  const keys = [sql`r.value ->> 2 as day`, ...query.by.map((d) => sql`${sql.ref(`c.${d}`)} as ${sql.ref(d)}`)]
  const summed = measuresOf(wantsMoney(query, cut))
  const sums = CELL_MEASURE_NAMES.map((m) => (summed.includes(m) ? sql`sum(${sql.ref(`c.${m}`)}) as ${sql.ref(m)}` : sql`0 as ${sql.ref(m)}`))
  return sql`select ${sql.join([...keys, ...sums])} from json_each(${JSON.stringify(runs)}) r cross join payment_cells c where ${sql.join(conditions, sql` and `)} group by ${sql.join(keys.map((_, i) => sql.raw(String(i + 1))))}`
}

/**
 * The same sums from the payments themselves, for the pieces of a range under a bucket.
 * `covered`: through payments_cell_edges (created_at and every column a cell reads), not there
 * during a bulk load. Pieces with a `day` are grouped by it (the per-day reads). A code's
 * category is looked up once per code after grouping by code, not once per payment.
 */
function rawSelect<D extends CellDimension>(query: CellQuery<D>, ranges: { from: number | null; to: number | null; day?: Day; sign?: -1 }[], money: boolean, covered = true, measures: readonly CellMeasure[] = CELL_MEASURE_NAMES): RawBuilder<unknown> {
  // The pieces as a table to join: one index range each (an OR of ranges is read as one scan).
  const pieces = JSON.stringify(ranges.map(({ from, to, day, sign }) => [from === null ? '' : storedInstant(from), to === null ? MAX_TEXT : storedInstant(to), day ?? '', sign ?? 1]))
  const byDay = ranges.some((r) => r.day)
  const conditions = [sql`p.created_at >= r.value ->> 0`, sql`p.created_at < r.value ->> 1`]
  for (const [dim, values] of Object.entries(query.where ?? {}) as [CellDimension, readonly string[]][]) {
    if (dim === 'category') conditions.push(sql`p.response_code in (select code from response_codes where category in (${inList(values)}))`)
    else conditions.push(sql`${dimExpression(dim)} in (${inList(values)})`)
  }
  // Grouped by code where a category is asked for; the outer query names the category.
  const inner = query.by.map((d) => (d === 'category' ? sql`coalesce(p.response_code, '') as category` : sql`${dimExpression(d)} as ${sql.ref(d)}`))
  const keys = [...(byDay ? [sql`r.value ->> 2 as day`] : []), ...inner]
  // Signed only where a piece is taken away (a JSON read per payment otherwise saved).
  const signed = ranges.some((r) => r.sign === -1) ? sql` * (r.value ->> 3)` : sql``
  const sums = measures.map((m) => (m === 'count' || money ? sql`sum((${sql.raw(CELL_MEASURES[m].replaceAll('$', 'p'))})${signed}) as ${sql.ref(m)}` : sql`0 as ${sql.ref(m)}`))
  const groups = keys.map((_, i) => sql.raw(String(i + 1)))
  const grouped = sql`select ${sql.join([...keys, ...sums])} from json_each(${pieces}) r cross join payments p ${covered ? sql`indexed by payments_cell_edges` : sql``} where ${sql.join(conditions, sql` and `)} ${groups.length ? sql`group by ${sql.join(groups)}` : sql``}`
  if (!query.by.includes('category' as D)) return grouped
  const outer = [...(byDay ? [sql`g.day`] : []), ...query.by.map((d) => (d === 'category' ? sql`coalesce(c.category, '') as category` : sql`${sql.ref(`g.${d}`)} as ${sql.ref(d)}`))]
  const outerSums = measures.map((m) => sql`sum(${sql.ref(`g.${m}`)}) as ${sql.ref(m)}`)
  return sql`select ${sql.join([...outer, ...outerSums])} from (${grouped}) g left join response_codes c on c.code = g.category group by ${sql.join(outer.map((_, i) => sql.raw(String(i + 1))))}`
}

type Summed = Record<string, string | number>

function merge<D extends CellDimension>(rows: Summed[], by: readonly string[]): CellRow<D>[] {
  const merged = new Map<string, Summed>()
  for (const row of rows) {
    let key = ''
    for (const d of by) key += `${row[d]}\u0000`
    const sum = merged.get(key)
    if (!sum) {
      const copy: Summed = { ...row }
      for (const m of CELL_MEASURE_NAMES) copy[m] = Number(row[m])
      merged.set(key, copy)
    } else for (const m of CELL_MEASURE_NAMES) sum[m] = (sum[m] as number) + Number(row[m])
  }
  // A payment that moved out of a cell leaves it at zero: not a group that exists.
  const out: CellRow<D>[] = []
  for (const r of merged.values()) if (r.count !== 0) out.push(r as CellRow<D>)
  return out
}

/** While a first sync loads payments in bulk the cells are not kept (bulk-load.ts): sums come from the payments. */
export async function cellsKept(db: Kysely<PaymentsDatabase>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from bulk_load`.execute(db)
  return Number(rows[0]?.n ?? 0) === 0
}

/** Grouped sums over a range; null when no cut has the dimensions asked for. */
export async function readCells<D extends CellDimension>(db: Kysely<PaymentsDatabase>, query: CellQuery<D>): Promise<CellRow<D>[] | null> {
  const cut = cutFor(query)
  if (!cut) return null
  const kept = await cellsKept(db)
  const parts: Part[] = kept ? rangeParts(query.from, query.to, CUTS[cut].grains) : query.from !== null && query.to !== null && query.from >= query.to ? [] : [{ raw: true, from: query.from, to: query.to }]
  if (parts.length === 0) return []
  const money = wantsMoney(query, cut)
  const selects = parts.flatMap((p) => ('raw' in p ? [] : [cellSelect(cut, { ...query, money }, p.grain, p.lo, p.hi)]))
  const raw = parts.filter((p): p is Extract<Part, { raw: true }> => 'raw' in p)
  if (raw.length) selects.push(rawSelect(query, raw, money, kept, measuresOf(money)))
  // Every part grouped once, in SQL: a group per part merged in JS was most of a wide slice's time (BINs).
  const keys = query.by.map((d) => sql.ref(d))
  const sums = CELL_MEASURE_NAMES.map((m) => (measuresOf(money).includes(m) ? sql`sum(${sql.ref(m)}) as ${sql.ref(m)}` : sql`0 as ${sql.ref(m)}`))
  // A payment that moved out of a cell leaves it at zero: not a group that exists.
  const { rows } = await sql<Summed>`select ${sql.join([...keys, ...sums])} from (${sql.join(selects, sql` union all `)}) ${keys.length ? sql`group by ${sql.join(keys)}` : sql``} having sum(count) <> 0`.execute(db)
  return rows as CellRow<D>[]
}

/**
 * Grouped sums per calendar day of `zone` over [from, to). A day is the UTC days (whole cells)
 * between the UTC midnights nearest its two boundaries, corrected at each boundary by what lies
 * between it and that midnight: whole hours from the hour cells, what is under an hour (a +5:30
 * zone's half hour) from the payments. Each boundary's correction is read once, added to one of
 * its days and taken from the other, so a whole-hour zone reads 90 days as 90 day buckets and a
 * few hours a day instead of 2,160 hours.
 */
export async function readCellDays<D extends CellDimension>(db: Kysely<PaymentsDatabase>, query: CellQuery<D> & { from: number; to: number; zone: string; cut?: CutName }): Promise<DayCellRow<D>[] | null> {
  const cut = query.cut ?? cutFor(query, ['h'])
  if (!cut) return null
  if (query.from >= query.to) return []
  const starts: { day: Day; at: number }[] = []
  const firstDay = dayOf(query.from, query.zone)
  for (let day = firstDay; ; day = addDays(day, 1)) {
    const at = day === firstDay ? query.from : dayStart(day, query.zone).getTime()
    if (at >= query.to) break
    starts.push({ day, at })
  }
  // Boundary k lies between day k-1 and day k (the first and last have a day on one side only).
  const bounds = [...starts.map((s) => s.at), query.to]
  const dayAt = (k: number) => starts[k]?.day ?? ''
  const kept = await cellsKept(db)
  const dayRows: Summed[] = []
  const read = async (select: RawBuilder<unknown>) => {
    for (const row of (await sql<Summed>`${select}`.execute(db)).rows) {
      // A label "A>B": counted for day A, taken from day B.
      const [plus, minus] = String(row.day).split(MOVED)
      if (plus) dayRows.push({ ...row, day: plus })
      if (minus) dayRows.push({ ...row, day: minus, ...Object.fromEntries(CELL_MEASURE_NAMES.map((m) => [m, -Number(row[m])])) })
    }
  }
  if (!kept) {
    // A first sync is loading in bulk: no cells; each day from the payments.
    await read(rawSelect(query, starts.map((s, k) => ({ from: s.at, to: bounds[k + 1]!, day: s.day })), wantsMoney(query, cut), false))
    return merge<D>(dayRows, ['day', ...query.by]) as DayCellRow<D>[]
  }
  const grains = CUTS[cut].grains as readonly Grain[]
  const unit = grains.includes('d') ? DAY : HOUR
  const bodies: [number, number, string][] = []
  const hours: [number, number, string][] = []
  const raw: { from: number; to: number; day: string }[] = []
  const nearest = bounds.map((b) => Math.round(b / unit) * unit)
  for (let k = 0; k < starts.length; k++) if (nearest[k]! < nearest[k + 1]!) bodies.push([nearest[k]! / HOUR, nearest[k + 1]! / HOUR, starts[k]!.day])
  bounds.forEach((b, k) => {
    const m = nearest[k]!
    if (b === m) return
    // [m, b) belongs to the day before the boundary and sits in the day after's cells; [b, m) the other way.
    const [lo, hi, label] = b > m ? [m, b, `${dayAt(k - 1)}${MOVED}${dayAt(k)}`] : [b, m, `${dayAt(k)}${MOVED}${dayAt(k - 1)}`]
    if (unit === HOUR || !grains.includes('h')) return raw.push({ from: lo, to: hi, day: label })
    const [h0, h1] = [Math.ceil(lo / HOUR) * HOUR, Math.floor(hi / HOUR) * HOUR]
    if (h0 < h1) hours.push([h0 / HOUR, h1 / HOUR, label])
    if (h0 > h1) return raw.push({ from: lo, to: hi, day: label })
    if (lo < h0) raw.push({ from: lo, to: h0, day: label })
    if (h1 < hi) raw.push({ from: h1, to: hi, day: label })
  })
  if (bodies.length) await read(daySelect(cut, query, unit === DAY ? 'd' : 'h', bodies))
  if (hours.length) await read(daySelect(cut, query, 'h', hours))
  if (raw.length) await read(rawSelect(query, raw, wantsMoney(query, cut), true))
  return merge<D>(dayRows, ['day', ...query.by]) as DayCellRow<D>[]
}
