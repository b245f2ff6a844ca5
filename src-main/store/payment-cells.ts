// The insights store (migration 019): payment_cells, counts and sums of payments kept exact by
// triggers on every write, in time buckets, for a few "cuts" of the payments' dimensions.
//
// Why cuts and not one cube of every dimension: measured on a million payments over 90 days with
// a merchant's spread, a cell per hour and combination of all twelve dimensions is 860,000 cells
// (a day's cells 536,000): as many rows as the payments, no faster to read. Each breakdown groups
// by one or two dimensions, so each cut keeps only the few it needs (a dimension outside the cut
// is '*'), in the grains it needs (GRAINS): hours where they compress (per-day figures in any
// zone), UTC days, and weeks, months and all time for the body of a long range. A range is read
// as the cheapest sum of whole buckets (cell-query.ts rangeParts), and what is left at its ends
// (part of an hour; a part of a day for a cut without hours) from the payments, through an index
// of the columns the cells read.
// Part of migrations 019, 020 and 022: a change here needs a new migration that rebuilds payment_cells
// (rebuildCells in payments-migrations.ts).

/** A dimension's value for a payments row `$`, as text ('' when the payment has none). */
export const CELL_DIMENSIONS = {
  currency: '$.currency',
  status: '$.status',
  outcome: "case $.approved when 1 then 'approved' when 0 then 'declined' else 'pending' end",
  // Every stored code is in response_codes (the insert trigger learns unknown ones by prefix).
  category: "coalesce((select category from response_codes where code = $.response_code), '')",
  response_code: "coalesce($.response_code, '')",
  scheme: "coalesce($.scheme, '')",
  card_type: "coalesce($.card_type, '')",
  issuer_country: "coalesce($.issuer_country, '')",
  bin: "coalesce(substr($.bin, 1, 6), '')",
  payment_type: "coalesce($.payment_type, '')",
  three_ds: 'cast($.three_ds as text)',
  flagged: 'cast($.risk_flagged as text)',
  avs: "coalesce($.avs_check, '')",
  cvv: "coalesce($.cvv_check, '')",
} as const
export type CellDimension = keyof typeof CELL_DIMENSIONS
export const CELL_DIMENSION_NAMES = Object.keys(CELL_DIMENSIONS) as CellDimension[]

/** The sums a cell keeps. Money only in cuts by currency; fees in millionths of a minor unit. */
export const CELL_MEASURES = {
  count: '1',
  amount: '$.amount',
  captured: '$.captured_amount',
  refunded: '$.refunded_amount',
  fee_micro: 'coalesce($.fee_micro, 0)',
  fee_count: 'case when $.fee_micro is null then 0 else 1 end',
} as const
export type CellMeasure = keyof typeof CELL_MEASURES
export const CELL_MEASURE_NAMES = Object.keys(CELL_MEASURES) as CellMeasure[]

/**
 * Hours, quarter days (UTC 00, 06, 12, 18), UTC days, weeks (from Monday), calendar months, all
 * time, and the first half of each hour. Quarter days serve the charts' cuts where a zone's day
 * starts hours from a UTC midnight: California's 07:00 is a quarter and an hour, India's 18:30 a
 * quarter less half an hour (readCellDays), not five to eight hours read one by one. Months
 * and all time serve the cuts with the most cells a day (a BIN's, the checks'): a month read
 * whole, less the days it holds outside the range, is a tenth of that month's days read one by
 * one (rangeParts). Half hours serve the charts' cuts in zones half an hour off UTC
 * (India, Iran, Newfoundland, central Australia): a day there starts at half past an hour, whose
 * halves are its 'half' cell and its hour less that (readCellDays), not its payments read raw.
 */
export const GRAINS = ['h', 'half', 'q', 'd', 'w', 'm', 'a'] as const
export type Grain = (typeof GRAINS)[number]

/** A bucket is the hour number (since 1970, UTC) its hour, quarter, day, week or month starts at; weeks start on Monday (1970-01-05 was one); all time is one bucket, 0. */
export const GRAIN_BUCKETS: Record<Grain, string> = {
  h: 'unixepoch($.created_at) / 3600',
  q: 'unixepoch($.created_at) / 21600 * 6',
  d: 'unixepoch($.created_at) / 86400 * 24',
  w: '((unixepoch($.created_at) / 86400 - 4) / 7 * 7 + 4) * 24',
  m: "unixepoch($.created_at, 'start of month') / 3600",
  a: '0',
  half: 'unixepoch($.created_at) / 3600',
}

/** The payments a grain's cells count, where not every one. */
const GRAIN_ONLY: Partial<Record<Grain, string>> = { half: 'unixepoch($.created_at) % 3600 < 1800' }

export interface Cut {
  dims: readonly CellDimension[]
  grains: readonly Grain[]
  /** Only payments this SQL (over `$`) holds for are counted. */
  only?: string
}

/**
 * The cuts, smallest first (a query takes the first that has every dimension it needs). Money is
 * summed only where currency is a dimension. Hours only where they compress (codes; declines, for
 * the trend per day): the other cuts have about a cell per payment an hour, which cost the
 * first sync more than half its speed; their ends of a range under a day are read from the
 * payments through an index that holds every column the cells read (CELL_WATCHED_COLUMNS, created_at first).
 * Weeks, months and all time where a range would otherwise read too many days (checks and BINs
 * have the most cells a day).
 */
export const CUTS = {
  // The approval-rate charts' series (per day in any zone, so hours; migration 020; quarter days,
  // 023): one narrow cut per compared dimension, a few cells an hour each. BINs have too many
  // values an hour for hour cells; quarter days (migration 024) make a zone's day boundary a
  // quarter less the hours counted from the payments. A few BINs' cells are found through BIN_CELLS_INDEX.
  currencies: { dims: ['currency', 'outcome'], grains: ['h', 'q', 'd', 'half'] },
  schemes: { dims: ['outcome', 'scheme', 'card_type'], grains: ['h', 'q', 'd', 'half'] },
  channels: { dims: ['outcome', 'payment_type', 'three_ds'], grains: ['h', 'q', 'd', 'half'] },
  issuers: { dims: ['outcome', 'issuer_country'], grains: ['h', 'q', 'd', 'half'] },
  codes: { dims: ['currency', 'status', 'outcome', 'category', 'response_code'], grains: ['h', 'd'] },
  declines: { dims: ['outcome', 'category', 'response_code'], grains: ['h'], only: '$.approved = 0' },
  countries: { dims: ['outcome', 'category', 'issuer_country'], grains: ['d'] },
  cards: { dims: ['currency', 'outcome', 'category', 'scheme', 'card_type'], grains: ['d'] },
  types: { dims: ['currency', 'outcome', 'category', 'payment_type', 'three_ds', 'flagged'], grains: ['d'] },
  checks: { dims: ['currency', 'outcome', 'avs', 'cvv', 'scheme'], grains: ['d', 'w', 'm', 'a'] },
  bins: { dims: ['outcome', 'category', 'bin'], grains: ['q', 'd', 'w', 'm', 'a'] },
} as const satisfies Record<string, Cut>
export type CutName = keyof typeof CUTS
export const CUT_NAMES = Object.keys(CUTS) as CutName[]

/** The bins cut's cells by grain, BIN and bucket (migration 024), the count in the index. */
export const BIN_CELLS_INDEX = 'payment_cells_bins'

export const hasMoney = (cut: CutName) => (CUTS[cut].dims as readonly CellDimension[]).includes('currency')

/** A response code's category by its documented prefix (reference/codes.ts responseCategory, in SQL). */
export const PREFIX_CATEGORY = (code: string) =>
  `case when ${code} like '10%' then 'approved' when ${code} like '20%' then 'soft_decline' when ${code} like '30%' then 'hard_decline' when ${code} like '4%' then 'risk' else 'error' end`

/**
 * The statements that add (sign 1) or take away (-1) a payments row's share of every cut: one
 * plain upsert per cut and grain (a single statement over a table of cuts, with a case per
 * column, measured at three times the cost per payment).
 */
export function cellContributions(row: 'new' | 'old', sign: 1 | -1, cuts: readonly CutName[] = CUT_NAMES): string {
  const of = (expression: string) => expression.replaceAll('$', row)
  return cuts.flatMap((cut) => {
    const spec: Cut = CUTS[cut]
    const dims = CELL_DIMENSION_NAMES.map((dim) => (spec.dims.includes(dim) ? of(CELL_DIMENSIONS[dim]) : "'*'"))
    const measures = CELL_MEASURE_NAMES.map((m) => (m === 'count' ? `${sign}` : hasMoney(cut) ? `${sign} * (${of(CELL_MEASURES[m])})` : '0'))
    return spec.grains.map(
      (grain) => `insert into payment_cells (cut, grain, bucket, ${CELL_DIMENSION_NAMES.join(', ')}, ${CELL_MEASURE_NAMES.join(', ')})
    select '${cut}', '${grain}', ${of(GRAIN_BUCKETS[grain])}, ${dims.join(', ')}, ${measures.join(', ')} where ${[spec.only, GRAIN_ONLY[grain]].filter((c) => c !== undefined).map(of).join(' and ') || 'true'}
    on conflict (cut, grain, bucket, ${CELL_DIMENSION_NAMES.join(', ')}) do update set ${CELL_MEASURE_NAMES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')};`,
    )
  }).join('\n')
}

/** Learns a code the table does not list (its category by prefix), so every stored code has a category. */
export const learnResponseCode = (row: 'new') =>
  // Not "or ignore": inside a trigger, the outer statement's conflict policy would override it.
  `insert into response_codes (code, summary, category) select ${row}.response_code, coalesce(${row}.response_summary, ''), ${PREFIX_CATEGORY(`${row}.response_code`)}
    where ${row}.response_code is not null and not exists (select 1 from response_codes where code = ${row}.response_code);`

/** Learns every stored code the table lacks (after payments were written without the insert trigger). */
export const learnStoredResponseCodes = () =>
  // The distinct codes come from the response_code index; a summary is looked up for new ones only.
  `insert or ignore into response_codes (code, summary, category)
    select code, coalesce((select response_summary from payments where response_code = code and response_summary is not null limit 1), ''), ${PREFIX_CATEGORY('code')}
    from (select distinct response_code as code from payments where response_code is not null) where code not in (select code from response_codes)`

const columnsOf = (expressions: string[]) => [...new Set(expressions.flatMap((e) => [...e.matchAll(/\$\.(\w+)/g)].map((m) => m[1]!)))]

/** The payments columns the cells read: a change to any of them moves the payment between cells. */
export const CELL_WATCHED_COLUMNS = [...new Set(['created_at', ...columnsOf([...Object.values(CELL_DIMENSIONS), ...Object.values(CELL_MEASURES)])])]

/** The payments columns one cut reads: a change to any of them moves a payment between its cells. */
export function cutColumns(cut: CutName): string[] {
  const spec: Cut = CUTS[cut]
  const measures = hasMoney(cut) ? Object.values(CELL_MEASURES) : []
  return ['created_at', ...columnsOf([...spec.dims.map((d) => CELL_DIMENSIONS[d]), ...(spec.only ? [spec.only] : []), ...measures])].filter((c, i, all) => all.indexOf(c) === i)
}

/** Every trigger that keeps payment_cells is named with this prefix (the bulk load sets them aside by it). */
export const CELL_TRIGGER_PREFIX = 'payment_cells_'

/**
 * The triggers that keep payment_cells: one for inserts and one for deletes over every cut, and
 * an update trigger per cut that fires only when a column that cut reads changes, so a fee total
 * set on a payment (a Reports sync sets one on every captured payment) moves the money cuts only.
 */
export function cellTriggers(): string[] {
  const learns = (cut: CutName) => (CUTS[cut].dims as readonly CellDimension[]).includes('category')
  return [
    `create trigger ${CELL_TRIGGER_PREFIX}insert after insert on payments begin ${learnResponseCode('new')} ${cellContributions('new', 1)} end`,
    `create trigger ${CELL_TRIGGER_PREFIX}delete after delete on payments begin ${cellContributions('old', -1)} end`,
    ...CUT_NAMES.map(
      (cut) =>
        `create trigger ${CELL_TRIGGER_PREFIX}update_${cut} after update on payments when ${cutColumns(cut).map((c) => `old.${c} is not new.${c}`).join(' or ')} begin ${learns(cut) ? learnResponseCode('new') : ''} ${cellContributions('old', -1, [cut])} ${cellContributions('new', 1, [cut])} end`,
    ),
  ]
}

/** A coarser grain's bucket from a finer cell's bucket (both hour numbers). */
const COARSER_BUCKET: Record<Exclude<Grain, 'h' | 'half'>, string> = {
  q: 'bucket / 6 * 6',
  d: 'bucket / 24 * 24',
  w: '((bucket / 24 - 4) / 7 * 7 + 4) * 24',
  m: "unixepoch(bucket * 3600, 'unixepoch', 'start of month') / 3600",
  a: '0',
}

/** The grains whose buckets a grain's buckets fit in whole (a week may straddle two months). */
const FITS_IN: Record<Grain, readonly Grain[]> = { h: ['q', 'd', 'w', 'm', 'a'], half: [], q: ['d', 'w', 'm', 'a'], d: ['w', 'm', 'a'], w: ['a'], m: ['a'], a: [] }

/**
 * The positions to group a cut's cells by, in a select of (cut, grain, bucket, every dimension,
 * the measures): the bucket, the grain when it varies, and the cut's own dimensions. The others
 * are '*' in every cell of the cut; grouped by as well they tripled a backfill's sort.
 */
function cellGroups(cut: CutName, grainVaries = false): string {
  const dims = CUTS[cut].dims as readonly CellDimension[]
  return [...(grainVaries ? [2] : []), 3, ...CELL_DIMENSION_NAMES.flatMap((d, i) => (dims.includes(d) ? [i + 4] : []))].join(', ')
}

/** A cut's dimensions in a select: its own by `expression`, the others '*'. */
const cutDims = (cut: CutName, expression: (dim: CellDimension) => string) => CELL_DIMENSION_NAMES.map((d) => ((CUTS[cut].dims as readonly CellDimension[]).includes(d) ? expression(d) : "'*'")).join(', ')

/** One coarser grain's cells of a cut summed from its cells of a finer grain they fit in. */
export function coarserCells(cut: CutName, grain: Exclude<Grain, 'h' | 'half'>, from: Grain): string {
  return `insert into payment_cells (cut, grain, bucket, ${CELL_DIMENSION_NAMES.join(', ')}, ${CELL_MEASURE_NAMES.join(', ')})
    select cut, '${grain}', ${COARSER_BUCKET[grain]}, ${cutDims(cut, (d) => d)}, ${CELL_MEASURE_NAMES.map((m) => `sum(${m})`).join(', ')}
    from payment_cells where cut = '${cut}' and grain = '${from}' group by ${cellGroups(cut)}`
}

/** The coarsest of a cut's grains before `grain` whose buckets fit in its buckets: the cells it is summed from. */
export function finerSource(cut: CutName, grain: Grain): Grain {
  const grains = CUTS[cut].grains as readonly Grain[]
  return grains.slice(0, grains.indexOf(grain)).findLast((g) => FITS_IN[g].includes(grain))!
}

/**
 * Every cell from the stored payments at once (migration 019, the end of a bulk load): each cut's
 * finest grain (and its half hours, which no other grain holds) read through the index of the
 * cells' columns (the planner scans the table otherwise, eight times slower), its coarser grains
 * summed from finer cells.
 */
export function cellBackfill(): string[] {
  return CUT_NAMES.flatMap((cut) => {
    const [finest, ...coarser] = CUTS[cut].grains as readonly Grain[]
    // A cut with half hours reads its payments once by half hour: its hours are the two halves summed.
    const halves = coarser.includes('half') && finest === 'h'
    return [
      ...(halves ? hoursFromHalves(cut) : [cellsFromPayments(cut, finest!)]),
      ...coarser.flatMap((grain) => (grain === 'half' ? (halves ? [] : [cellsFromPayments(cut, grain)]) : [coarserCells(cut, grain as Exclude<Grain, 'h' | 'half'>, finerSource(cut, grain))])),
    ]
  })
}

/** An hour's second half, only while the backfill sums the hours from the halves. */
const SECOND_HALF = 'half2'

/** A cut's cells of one grain summed from the payments (or, for SECOND_HALF, each half hour's). */
export function cellsFromPayments(cut: CutName, grain: Grain | typeof SECOND_HALF): string {
  const spec: Cut = CUTS[cut]
  const measures = CELL_MEASURE_NAMES.map((m) => (m === 'count' || hasMoney(cut) ? `sum(${CELL_MEASURES[m].replaceAll('$', 'p')})` : '0'))
  const halves = grain === SECOND_HALF
  const only = [spec.only, halves ? undefined : GRAIN_ONLY[grain]].filter((c) => c !== undefined).map((c) => c.replaceAll('$', 'p'))
  const grainOf = halves ? `case when ${GRAIN_ONLY.half!.replaceAll('$', 'p')} then 'half' else '${SECOND_HALF}' end` : `'${grain}'`
  return `insert into payment_cells (cut, grain, bucket, ${CELL_DIMENSION_NAMES.join(', ')}, ${CELL_MEASURE_NAMES.join(', ')}) select '${cut}', ${grainOf}, ${GRAIN_BUCKETS[halves ? 'half' : grain].replaceAll('$', 'p')}, ${cutDims(cut, (d) => CELL_DIMENSIONS[d].replaceAll('$', 'p'))}, ${measures.join(', ')}
        from payments p indexed by payments_cell_edges ${only.length ? `where ${only.join(' and ')}` : ''} group by ${cellGroups(cut, halves)}`
}

/** A cut's half-hour and hour cells from one read of the payments: both halves, then the hours as their sums. */
function hoursFromHalves(cut: CutName): string[] {
  return [
    cellsFromPayments(cut, SECOND_HALF),
    `insert into payment_cells (cut, grain, bucket, ${CELL_DIMENSION_NAMES.join(', ')}, ${CELL_MEASURE_NAMES.join(', ')})
    select cut, 'h', bucket, ${cutDims(cut, (d) => d)}, ${CELL_MEASURE_NAMES.map((m) => `sum(${m})`).join(', ')}
    from payment_cells where cut = '${cut}' and grain in ('half', '${SECOND_HALF}') group by ${cellGroups(cut)}`,
    `delete from payment_cells where cut = '${cut}' and grain = '${SECOND_HALF}'`,
  ]
}
