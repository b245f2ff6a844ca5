import { sql, type Kysely, type RawBuilder } from 'kysely'
import { addDays, dayOf, dayStart, type Day } from '../reference/time-zone'
import { CELL_DIMENSIONS, CELL_MEASURE_NAMES, CELL_MEASURES, CUT_NAMES, CUTS, hasMoney, type CellDimension, type CellMeasure, type CutName, type Grain } from './payment-cells'
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
const QUARTER = 6 * HOUR
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

/** A piece read from the cells of one grain (buckets are hour numbers) or raw from the payments; sign -1: taken away. */
type Part = ({ grain: Grain; lo: number | null; hi: number | null } | { raw: true; from: number | null; to: number | null }) & { sign?: -1 }

/** Weeks start on Monday: 1970-01-05, day 4. */
const MONDAY = 4 * DAY
const LENGTH = { h: HOUR, q: QUARTER, d: DAY, w: 7 * DAY } as const
type Level = Exclude<Grain, 'a' | 'half'>
const monthOf = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth()
const monthStart = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1)
const floorTo = (t: number, grain: Level) => (grain === 'm' ? monthStart(monthOf(t)) : grain === 'w' ? Math.floor((t - MONDAY) / LENGTH.w) * LENGTH.w + MONDAY : Math.floor(t / LENGTH[grain]) * LENGTH[grain])
const ceilTo = (t: number, grain: Level) => {
  const floor = floorTo(t, grain)
  return floor === t ? t : grain === 'm' ? monthStart(monthOf(t) + 1) : floor + LENGTH[grain]
}
const bucketsIn = (a: number, b: number, grain: Level) => (grain === 'm' ? monthOf(b) - monthOf(a) : (b - a) / LENGTH[grain])

/**
 * What a piece costs to read: a coarser bucket holds more cells (a BIN's week about twice its
 * day's); a raw hour is hundreds of payments, so the least time read raw comes first.
 */
const BUCKET_COST: Record<Level | 'a', number> = { h: 1, q: 1.5, d: 2, w: 3, m: 4, a: 5 }
const RAW_HOUR_COST = 1e6

interface Cover {
  cost: number
  parts: Part[]
}
const negated = (parts: Part[]): Part[] => parts.map(({ sign, ...part }) => (sign ? part : { ...part, sign: -1 }) as Part)

/** The first and last stored payments' instants (ms): what lies outside them holds no payment. */
export interface Extent {
  first: number
  last: number
}

/**
 * [from, to) as the cheapest sum of whole buckets and raw pieces, each taken whole or taken
 * away: a month read whole less two days it holds outside the range, rather than its days one by
 * one; a zone at +5:30 reads a whole day less 5.5 hours raw, not 18.5 hours raw. At each grain,
 * coarsest first, each end of the range goes to the bucket edge before or after it, and what lies
 * between the edge and the end is covered (added or taken away) by the finer grains. An open end
 * is read by the coarsest grain; a range open at both ends is the all-time bucket where the cut has it.
 *
 * With the stored payments' `extent`, an end beyond it is open and a piece outside it is nothing,
 * so a range holding the first or last payment can be all time less what lies outside it: the
 * last 90 days of a 90-day history are the all-time cells less the hours after the range's end,
 * not three months' cells. (A null extent: no payments, nothing to read.)
 */
export function rangeParts(from: number | null, to: number | null, grains: readonly Grain[], extent?: Extent | null): Part[] {
  if (from !== null && to !== null && from >= to) return []
  if (extent === null) return []
  const levels = (['h', 'q', 'd', 'w', 'm'] as const).filter((g) => grains.includes(g))
  const empty: Cover = { cost: 0, parts: [] }
  // Outside the extent nothing is stored: an end beyond it reads as open, a piece wholly outside as nothing.
  const outside = (lo: number, hi: number) => extent !== undefined && (hi <= extent.first || lo > extent.last)
  const opened = (lo: number, hi: number): [number, number] => (extent ? [lo <= extent.first ? -Infinity : lo, hi > extent.last ? Infinity : hi] : [lo, hi])
  // An open run costs its buckets within the extent; without one, a bucket.
  const runBuckets = (a: number, b: number, grain: Level) => {
    if (Number.isFinite(a) && Number.isFinite(b)) return bucketsIn(a, b, grain)
    if (!extent) return 1
    return Math.max(1, bucketsIn(Math.max(a, floorTo(extent.first, grain)), Math.min(b, ceilTo(extent.last + 1, grain)), grain))
  }
  const memo = new Map<string, Cover>()
  const cover = (lo0: number, hi0: number, k: number): Cover => {
    if (outside(lo0, hi0)) return empty
    const [lo, hi] = opened(lo0, hi0)
    const key = `${lo} ${hi} ${k}`
    const known = memo.get(key)
    if (known) return known
    const open = !Number.isFinite(lo) || !Number.isFinite(hi)
    let best: Cover = k === 0 ? { cost: ((hi - lo) / HOUR) * RAW_HOUR_COST, parts: [{ raw: true, from: lo, to: hi }] } : open ? { cost: Infinity, parts: [] } : cover(lo, hi, k - 1)
    if (k > 0) {
      const grain = levels[k - 1]!
      const edges = (t: number) => (Number.isFinite(t) ? [...new Set([floorTo(t, grain), ceilTo(t, grain)])] : [t])
      for (const a of edges(lo))
        for (const b of edges(hi)) {
          if (a >= b) continue
          const run: Part[] = outside(a, b) ? [] : [{ grain, lo: Number.isFinite(a) ? a / HOUR : null, hi: Number.isFinite(b) ? b / HOUR : null }]
          const fixes = [a < lo ? negated(cover(a, lo, k - 1).parts) : a > lo ? cover(lo, a, k - 1).parts : [], b > hi ? negated(cover(hi, b, k - 1).parts) : b < hi ? cover(b, hi, k - 1).parts : []]
          const cost = (run.length ? runBuckets(a, b, grain) * BUCKET_COST[grain] : 0) + (a === lo ? 0 : cover(Math.min(a, lo), Math.max(a, lo), k - 1).cost) + (b === hi ? 0 : cover(Math.min(b, hi), Math.max(b, hi), k - 1).cost)
          if (cost < best.cost) best = { cost, parts: [...run, ...fixes.flat()] }
        }
    }
    memo.set(key, best)
    return best
  }
  if (outside(from ?? -Infinity, to ?? Infinity)) return []
  const [lo, hi] = opened(from ?? -Infinity, to ?? Infinity)
  let best = !Number.isFinite(lo) && !Number.isFinite(hi) && grains.includes('a') ? { cost: BUCKET_COST.a, parts: [{ grain: 'a', lo: null, hi: null } as Part] } : cover(lo, hi, levels.length)
  // All time less what lies before and after: only with the extent, which prices what lies outside.
  if (extent && grains.includes('a') && (Number.isFinite(lo) || Number.isFinite(hi))) {
    const before = Number.isFinite(lo) ? cover(-Infinity, lo, levels.length) : empty
    const after = Number.isFinite(hi) ? cover(hi, Infinity, levels.length) : empty
    const cost = BUCKET_COST.a + before.cost + after.cost
    if (cost < best.cost) best = { cost, parts: [{ grain: 'a', lo: null, hi: null }, ...negated(before.parts), ...negated(after.parts)] }
  }
  return best.parts.map((p) => ('raw' in p ? { ...p, from: Number.isFinite(p.from) ? p.from : null, to: Number.isFinite(p.to) ? p.to : null } : p))
}

const dimExpression = (dim: CellDimension) => sql.raw(CELL_DIMENSIONS[dim].replaceAll('$', 'p'))
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`))

/** The measures a query sums: money only where it asks for it (each sum carried through a group costs). */
const measuresOf = (money: boolean): readonly CellMeasure[] => (money ? CELL_MEASURE_NAMES : ['count'])

/** Money is summed where the query asks for it and the cut keeps it. */
const wantsMoney = (query: { money?: boolean }, cut: CutName) => (query.money ?? false) && hasMoney(cut)

/** A part's cells, not grouped: the query groups every part at once. */
function cellSelect<D extends CellDimension>(cut: CutName, query: CellQuery<D>, grain: Grain, lo: number | null, hi: number | null, sign: 1 | -1 = 1): RawBuilder<unknown> {
  const conditions = [sql`cut = ${cut}`, sql`grain = ${grain}`]
  if (lo !== null) conditions.push(sql`bucket >= ${lo}`)
  if (hi !== null) conditions.push(sql`bucket < ${hi}`)
  for (const [dim, values] of Object.entries(query.where ?? {}) as [CellDimension, readonly string[]][]) conditions.push(sql`${sql.ref(dim)} in (${inList(values)})`)
  const columns = [...query.by.map((d) => sql.ref(d)), ...measuresOf(query.money ?? false).map((m) => (sign === 1 ? sql.ref(m) : sql`-${sql.ref(m)} as ${sql.ref(m)}`))]
  return sql`select ${sql.join(columns)} from payment_cells where ${sql.join(conditions, sql` and `)}`
}

/**
 * Cells of one grain summed per label: `runs` are [first bucket, end bucket, label] (buckets are
 * hour numbers); only the measures the query sums. The runs are unpacked from their JSON once
 * (a materialized table): read per cell, the label's JSON cost more than the cell.
 */
function daySelect<D extends CellDimension>(cut: CutName, query: CellQuery<D>, grain: Grain, runs: [number, number, string][]): RawBuilder<unknown> {
  // The cut and grain as literals, so a partial index of one cut can serve (BIN_CELLS_INDEX).
  const conditions = [sql`c.cut = ${sql.lit(cut)}`, sql`c.grain = ${sql.lit(grain)}`, sql`c.bucket >= r.lo`, sql`c.bucket < r.hi`]
  for (const [dim, values] of Object.entries(query.where ?? {}) as [CellDimension, readonly string[]][]) conditions.push(sql`${sql.ref(`c.${dim}`)} in (${inList(values)})`)
  const keys = [sql`r.day as day`, ...query.by.map((d) => sql`${sql.ref(`c.${d}`)} as ${sql.ref(d)}`)]
  const sums = measuresOf(wantsMoney(query, cut)).map((m) => sql`sum(${sql.ref(`c.${m}`)}) as ${sql.ref(m)}`)
  return sql`select * from (with r(lo, hi, day) as materialized (select value ->> 0, value ->> 1, value ->> 2 from json_each(${JSON.stringify(runs)}))
    select ${sql.join([...keys, ...sums])} from r cross join payment_cells c where ${sql.join(conditions, sql` and `)} group by ${sql.join(keys.map((_, i) => sql.raw(String(i + 1))))})`
}

/** rawSelect's pieces (JSON of [from, to, day, sign]) as the table r, unpacked once. */
const piecesTable = (pieces: string) => sql`r(lo, hi, day, sign) as materialized (select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(${pieces}))`

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
  if (covered && binCounted(query, measures)) return binCountSelect(query, pieces, byDay)
  const conditions = [sql`p.created_at >= r.lo`, sql`p.created_at < r.hi`]
  for (const [dim, values] of Object.entries(query.where ?? {}) as [CellDimension, readonly string[]][]) {
    if (dim === 'category') conditions.push(sql`p.response_code in (select code from response_codes where category in (${inList(values)}))`)
    else conditions.push(sql`${dimExpression(dim)} in (${inList(values)})`)
  }
  // Grouped by code where a category is asked for; the outer query names the category.
  const inner = query.by.map((d) => (d === 'category' ? sql`coalesce(p.response_code, '') as category` : sql`${dimExpression(d)} as ${sql.ref(d)}`))
  const keys = [...(byDay ? [sql`r.day as day`] : []), ...inner]
  // Signed only where a piece is taken away (a JSON read per payment otherwise saved).
  const signed = ranges.some((r) => r.sign === -1) ? sql` * r.sign` : sql``
  const sums = measures.map((m) => (m === 'count' || money ? sql`sum((${sql.raw(CELL_MEASURES[m].replaceAll('$', 'p'))})${signed}) as ${sql.ref(m)}` : sql`0 as ${sql.ref(m)}`))
  const groups = keys.map((_, i) => sql.raw(String(i + 1)))
  const grouped = sql`select * from (with ${piecesTable(pieces)}
    select ${sql.join([...keys, ...sums])} from r cross join payments p ${covered ? sql`indexed by payments_cell_edges` : sql``} where ${sql.join(conditions, sql` and `)} ${groups.length ? sql`group by ${sql.join(groups)}` : sql``})`
  if (!query.by.includes('category' as D)) return grouped
  const outer = [...(byDay ? [sql`g.day`] : []), ...query.by.map((d) => (d === 'category' ? sql`coalesce(c.category, '') as category` : sql`${sql.ref(`g.${d}`)} as ${sql.ref(d)}`))]
  const outerSums = measures.map((m) => sql`sum(${sql.ref(`g.${m}`)}) as ${sql.ref(m)}`)
  return sql`select ${sql.join([...outer, ...outerSums])} from (${grouped}) g left join response_codes c on c.code = g.category group by ${sql.join(outer.map((_, i) => sql.raw(String(i + 1))))}`
}

/**
 * Counts of a few BINs' payments (by BIN and outcome at most, nothing else filtered) can come
 * from payments_bin6_outcome_created: a range count per BIN, outcome and piece reads no payment,
 * where the pieces' payments of every BIN would be read through payments_cell_edges.
 */
function binCounted(query: CellQuery<CellDimension>, measures: readonly CellMeasure[]): boolean {
  const where = query.where ?? {}
  const filtered = Object.keys(where) as CellDimension[]
  return measures.length === 1 && measures[0] === 'count' && filtered.includes('bin') && filtered.every((d) => d === 'bin' || d === 'outcome') && where.bin!.every((v) => v !== '') && query.by.every((d) => d === 'bin' || d === 'outcome')
}

const OUTCOMES = sql`values (1, 'approved'), (0, 'declined'), (null, 'pending')`

/**
 * binCounted's counts over the pieces (rawSelect's JSON), a row per piece, BIN and outcome: every
 * reader sums them again (grouped here as well, a thousand counts cost a tenth more).
 */
function binCountSelect<D extends CellDimension>(query: CellQuery<D>, pieces: string, byDay: boolean): RawBuilder<unknown> {
  const keys = [...(byDay ? [sql`r.day as day`] : []), ...query.by.map((d) => (d === 'bin' ? sql`b.value as bin` : sql`o.outcome as outcome`))]
  const outcomes = query.where?.outcome ? sql`where o.outcome in (${inList(query.where.outcome)})` : sql``
  const count = sql`(select count(*) from payments indexed by payments_bin6_outcome_created where substr(bin, 1, 6) = b.value and approved is o.approved and created_at >= r.lo and created_at < r.hi)`
  return sql`select * from (with ${piecesTable(pieces)}, o(approved, outcome) as (${OUTCOMES})
    select ${sql.join([...keys, sql`${count} * r.sign as count`])} from r cross join json_each(${JSON.stringify(query.where!.bin)}) b cross join o ${outcomes})`
}

type Summed = Record<string, string | number>

/** While a first sync loads payments in bulk the cells are not kept (bulk-load.ts): sums come from the payments. */
export async function cellsKept(db: Kysely<PaymentsDatabase>): Promise<boolean> {
  return (await cellsState(db)).kept
}

/** The first and last stored instants, in SQL (two index seeks). */
const EXTENT_SQL = sql`(select min(created_at) from payments) as first, (select max(created_at) from payments) as last`

/** The stored payments' extent from its texts: null with no payments, undefined where a text does not read as an instant. */
function extentOf(row: { first: string | null; last: string | null } | undefined): Extent | null | undefined {
  if (!row?.first || !row.last) return null
  const [first, last] = [Date.parse(row.first), Date.parse(row.last)]
  return Number.isNaN(first) || Number.isNaN(last) ? undefined : { first, last }
}

const sameExtent = (a: Extent | null | undefined, b: Extent | null | undefined) => a === b || (!!a && !!b && a.first === b.first && a.last === b.last)

/** Whether the cells are kept, and the stored payments' extent, in one statement. */
async function cellsState(db: Kysely<PaymentsDatabase>): Promise<{ kept: boolean; extent: Extent | null | undefined }> {
  const { rows } = await sql<{ loading: number; first: string | null; last: string | null }>`select (select count(*) from bulk_load) as loading, ${EXTENT_SQL}`.execute(db)
  return { kept: Number(rows[0]?.loading ?? 0) === 0, extent: extentOf(rows[0]) }
}

/**
 * A range's cells and raw pieces (rangeParts) as one select of the query's dimensions and the
 * measures it sums, not grouped; null when no cut has the dimensions asked for, no select when the range is empty.
 */
async function rangeSelect<D extends CellDimension>(db: Kysely<PaymentsDatabase>, query: CellQuery<D>): Promise<{ select: RawBuilder<unknown> | null; measures: readonly CellMeasure[]; extent: Extent | null | undefined } | null> {
  const cut = cutFor(query)
  if (!cut) return null
  const { kept, extent } = await cellsState(db)
  const parts: Part[] = kept ? rangeParts(query.from, query.to, CUTS[cut].grains, extent) : query.from !== null && query.to !== null && query.from >= query.to ? [] : [{ raw: true, from: query.from, to: query.to }]
  const money = wantsMoney(query, cut)
  const measures = measuresOf(money)
  if (parts.length === 0) return { select: null, measures, extent }
  const selects = parts.flatMap((p) => ('raw' in p ? [] : [cellSelect(cut, { ...query, money }, p.grain, p.lo, p.hi, p.sign ?? 1)]))
  const raw = parts.filter((p): p is Extract<Part, { raw: true }> => 'raw' in p)
  if (raw.length) selects.push(rawSelect(query, raw, money, kept, measures))
  return { select: sql.join(selects, sql` union all `), measures, extent }
}

/**
 * A range's grouped statement (`grouped` over rangeSelect's select) run until the extent it was
 * planned on is the one its statement saw: a payment written before the first or after the last
 * between the two (a sync running alongside) would be counted by an end read as open.
 */
async function readRange<D extends CellDimension>(db: Kysely<PaymentsDatabase>, query: CellQuery<D>, n: (measures: readonly CellMeasure[]) => number, grouped: (select: RawBuilder<unknown>, measures: readonly CellMeasure[]) => RawBuilder<unknown>): Promise<{ rows: (string | number)[][]; measures: readonly CellMeasure[] } | null> {
  for (;;) {
    const range = await rangeSelect(db, query)
    if (!range?.select) return range && { rows: [], measures: range.measures }
    const { rows, extent } = await jsonRows(db, grouped(range.select, range.measures), n(range.measures), true)
    if (sameExtent(extent, range.extent)) return { rows, measures: range.measures }
  }
}

/** Grouped sums over a range; null when no cut has the dimensions asked for. */
export async function readCells<D extends CellDimension>(db: Kysely<PaymentsDatabase>, query: CellQuery<D>): Promise<CellRow<D>[] | null> {
  const keys = query.by.map((d) => sql.ref(d))
  // Every part grouped once, in SQL: a group per part merged in JS was most of a wide slice's time (BINs).
  // A payment that moved out of a cell leaves it at zero: not a group that exists.
  const read = await readRange(db, query, (measures) => keys.length + measures.length, (select, measures) => sql`select ${sql.join([...keys, ...measures.map((m) => sql`sum(${sql.ref(m)})`)])} from (${select}) ${keys.length ? sql`group by ${sql.join(keys)}` : sql``} having sum(count) <> 0`)
  return read && namedRows<CellRow<D>>(read.rows, [...query.by, ...read.measures])
}

/** An attempt is a payment approved or declined (a pending one is not). */
export const ATTEMPT_OUTCOMES = ['approved', 'declined']

/**
 * The `limit` values of `dim` with the most attempts (payments approved or declined) in [from,
 * to), most first (ties in code point order), with their approvals. Ranked in SQL: a BIN's
 * thousands of values cost more handed over than summed.
 */
export async function mostAttempted(db: Kysely<PaymentsDatabase>, dim: CellDimension, from: number | null, to: number | null, limit: number): Promise<{ value: string; attempts: number; approved: number }[] | null> {
  const ranked = (select: RawBuilder<unknown>) => sql`select ${sql.ref(dim)}, sum(count) as attempts, sum(case when outcome = 'approved' then count else 0 end) from (${select}) group by 1 having attempts > 0 order by attempts desc, 1 limit ${limit}`
  const read = await readRange(db, { by: [dim, 'outcome'], where: { outcome: ATTEMPT_OUTCOMES }, from, to }, () => 3, ranked)
  return read && read.rows.map(([value, attempts, approved]) => ({ value: value as string, attempts: attempts as number, approved: approved as number }))
}

/**
 * A grouped statement's rows as arrays of its `n` columns in order, and with `withExtent` the
 * stored payments' extent the statement saw. The rows come out of SQLite as one JSON text: a few
 * thousand groups (a BIN each) cost more handed over one by one than grouped.
 */
async function jsonRows(db: Kysely<PaymentsDatabase>, select: RawBuilder<unknown>, n: number, withExtent = false): Promise<{ rows: (string | number)[][]; extent: Extent | null | undefined }> {
  const names = sql.join(Array.from({ length: n }, (_, i) => sql.ref(`c${i}`)))
  const { rows } = await sql<{ rows: string; first: string | null; last: string | null }>`with g(${names}) as (${select}) select json_group_array(json_array(${names})) as rows ${withExtent ? sql`, ${EXTENT_SQL}` : sql``} from g`.execute(db)
  return { rows: JSON.parse(rows[0]?.rows ?? '[]') as (string | number)[][], extent: withExtent ? extentOf(rows[0]) : undefined }
}

/** Rows of values as objects of `columns` (the values in order), the measures not among them as 0. */
function namedRows<R>(rows: (string | number)[][], columns: readonly string[]): R[] {
  const n = columns.length
  const unsummed = CELL_MEASURE_NAMES.filter((m) => !columns.includes(m))
  return rows.map((values) => {
    const row: Summed = {}
    for (let i = 0; i < n; i++) row[columns[i]!] = values[i]!
    for (const m of unsummed) row[m] = 0
    return row as R
  })
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
  const measures = measuresOf(wantsMoney(query, cut))
  if (!kept) {
    // A first sync is loading in bulk: no cells; each day from the payments.
    return perDay(db, query.by, [rawSelect(query, starts.map((s, k) => ({ from: s.at, to: bounds[k + 1]!, day: s.day })), wantsMoney(query, cut), false, measures)], measures)
  }
  const grains = CUTS[cut].grains as readonly Grain[]
  const unit = grains.includes('d') ? DAY : HOUR
  const raw: { from: number; to: number; day: string }[] = []
  // Runs of cells per grain, [first bucket, end bucket, label]; a run taken away is added with
  // its label turned round ("A>B" counts for B, taken from A), and a run met both ways is dropped.
  const runs = new Map<string, { grain: Grain; run: [number, number, string] }>()
  const turned = (label: string) => label.split(MOVED).reverse().join(MOVED)
  const add = (grain: Grain, lo: number, hi: number, label: string, sign: 1 | -1 = 1) => {
    const labelled = sign === 1 ? label : turned(label)
    if (labelled.includes(MOVED) && runs.delete(`${grain} ${lo} ${hi} ${turned(labelled)}`)) return
    runs.set(`${grain} ${lo} ${hi} ${labelled}`, { grain, run: [lo, hi, labelled] })
  }
  const nearest = bounds.map((b) => Math.round(b / unit) * unit)
  for (let k = 0; k < starts.length; k++) if (nearest[k]! < nearest[k + 1]!) add(unit === DAY ? 'd' : 'h', nearest[k]! / HOUR, nearest[k + 1]! / HOUR, starts[k]!.day)
  // What lies under an hour at a boundary: a half hour is the hour's 'half' cell (its first half)
  // or the hour less that (its second); anything else (a zone 45 minutes off) from the payments.
  const underAnHour = (from: number, to: number, day: string) => {
    const hour = Math.floor(from / HOUR) * HOUR
    if (!grains.includes('half') || to - from !== HOUR / 2 || (from !== hour && to !== hour + HOUR)) return raw.push({ from, to, day })
    if (from === hour) return add('half', hour / HOUR, hour / HOUR + 1, day)
    add('h', hour / HOUR, hour / HOUR + 1, day)
    add('half', hour / HOUR, hour / HOUR + 1, day, -1)
  }
  // A boundary's piece as quarter days and hours added or taken away, the rest from the
  // payments (rangeParts). Every day's boundary lies alike in its quarter: the cover is found once.
  const hourGrains = grains.filter((g) => g === 'h' || g === 'q')
  const covers = new Map<string, Part[]>()
  const boundaryParts = (lo: number, hi: number): Part[] => {
    const base = Math.floor(lo / QUARTER) * QUARTER
    const key = `${lo - base} ${hi - base}`
    const parts = covers.get(key) ?? rangeParts(lo - base, hi - base, hourGrains)
    covers.set(key, parts)
    return parts.map((part) => ('raw' in part ? { ...part, from: part.from! + base, to: part.to! + base } : { ...part, lo: part.lo! + base / HOUR, hi: part.hi! + base / HOUR }))
  }
  const addParts = (parts: Part[], label: string) => {
    for (const part of parts) {
      if ('raw' in part) raw.push({ from: part.from!, to: part.to!, day: part.sign ? turned(label) : label })
      else add(part.grain, part.lo!, part.hi!, label, part.sign)
    }
  }
  bounds.forEach((b, k) => {
    const m = nearest[k]!
    if (b === m) return
    // [m, b) belongs to the day before the boundary and sits in the day after's cells; [b, m) the other way.
    const [lo, hi, label] = b > m ? [m, b, `${dayAt(k - 1)}${MOVED}${dayAt(k)}`] : [b, m, `${dayAt(k)}${MOVED}${dayAt(k - 1)}`]
    if (unit === HOUR) return underAnHour(lo, hi, label)
    // Without hours (BINs): quarters, and what they leave from the payments (a piece taken away, its label turned round).
    if (!grains.includes('h')) return addParts(boundaryParts(lo, hi), label)
    const [h0, h1] = [Math.ceil(lo / HOUR) * HOUR, Math.floor(hi / HOUR) * HOUR]
    // Whole hours: rangeParts over hours and quarters reads none of them raw.
    if (h0 < h1) addParts(boundaryParts(h0, h1), label)
    if (h0 > h1) return underAnHour(lo, hi, label)
    if (lo < h0) underAnHour(lo, h0, label)
    if (h1 < hi) underAnHour(h1, hi, label)
  })
  const byGrain = new Map<Grain, [number, number, string][]>()
  for (const { grain, run } of runs.values()) byGrain.set(grain, byGrain.get(grain) ?? []).get(grain)!.push(run)
  const selects = [...[...byGrain].map(([grain, list]) => daySelect(cut, query, grain, list)), ...(raw.length ? [rawSelect(query, raw, wantsMoney(query, cut), true, measures)] : [])]
  return selects.length ? perDay(db, query.by, selects, measures) : []
}

/**
 * Pieces labelled by day summed per day: a label "A>B" counts for day A and is taken from day
 * B. The pieces come out of SQLite as one JSON text and are summed here: summed in SQL, each
 * piece met twice (its two days), the grouping cost more than reading the cells.
 */
async function perDay<D extends CellDimension>(db: Kysely<PaymentsDatabase>, by: readonly D[], selects: RawBuilder<unknown>[], measures: readonly CellMeasure[]): Promise<DayCellRow<D>[]> {
  const { rows: pieces } = await jsonRows(db, sql.join(selects, sql` union all `), 1 + by.length + measures.length)
  // Thousands of pieces (a BIN's days) share a few hundred labels and values: each label is split
  // once, each piece's values keyed once, and a day found in its values' map.
  const labels = new Map<string, [string, string]>()
  const groups = new Map<string, Map<string, Summed>>()
  const out: Summed[] = []
  const add = (piece: (string | number)[], days: Map<string, Summed>, day: string, sign: number) => {
    if (!day) return
    let row = days.get(day)
    if (!row) {
      row = { day }
      for (let i = 0; i < by.length; i++) row[by[i]!] = piece[i + 1]!
      for (const m of CELL_MEASURE_NAMES) row[m] = 0
      days.set(day, row)
      out.push(row)
    }
    for (let i = 0; i < measures.length; i++) (row[measures[i]!] as number) += sign * (piece[1 + by.length + i] as number)
  }
  for (const piece of pieces) {
    const label = piece[0] as string
    let split = labels.get(label)
    if (!split) {
      const at = label.indexOf(MOVED)
      labels.set(label, (split = at < 0 ? [label, ''] : [label.slice(0, at), label.slice(at + 1)]))
    }
    let key = by.length ? String(piece[1]) : ''
    for (let i = 1; i < by.length; i++) key += `\u0000${piece[i + 1]}`
    let days = groups.get(key)
    if (!days) groups.set(key, (days = new Map()))
    add(piece, days, split[0], 1)
    add(piece, days, split[1], -1)
  }
  // A payment that moved out of a cell leaves it at zero: not a group that exists.
  return out.filter((row) => row.count !== 0) as DayCellRow<D>[]
}
