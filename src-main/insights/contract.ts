import { z } from 'zod'
import { CalendarDay, TimeZoneName, type CallTable } from '../contract/define'
import { RESPONSE_CATEGORIES } from '../reference/codes'
import { APPROVAL_GRAINS, APPROVAL_MAX_SERIES } from '../reference/approval-series'
import { DECLINE_SLICES } from '../reference/decline-slices'

// Insights: why payments decline and what the AVS / CVV checks say, for a period of calendar
// days in the chosen time zone (or all time), from payment_cells. Figures are counts (and money
// per currency); the screens compute rates from them, so a rate always shows its counts.

export { DECLINE_SLICES, type DeclineSlice } from '../reference/decline-slices'

const PeriodFields = z.object({
  /** First and last day (inclusive) in `timeZone`; both null for all time. */
  first: CalendarDay.nullable(),
  last: CalendarDay.nullable(),
  timeZone: TimeZoneName,
})
type PeriodShape = z.infer<typeof PeriodFields>

/** The checks a period's days must pass, on any input that carries them. */
function checkedPeriod<T extends z.ZodType<PeriodShape>>(schema: T) {
  return schema
    .refine((p) => (p.first === null) === (p.last === null), { message: 'give both the first and the last day, or neither for all time', path: ['last'] })
    .refine((p) => p.first === null || p.last === null || p.first <= p.last, { message: 'the first day is after the last', path: ['first'] })
    .refine((p) => p.first === null || p.last === null || Date.parse(p.last) - Date.parse(p.first) <= 3660 * 86_400_000, { message: 'a period is at most ten years', path: ['first'] })
}

const Period = checkedPeriod(PeriodFields.strict())
export type Period = z.infer<typeof Period>

const Count = z.number().int()
const Category = z.enum(RESPONSE_CATEGORIES)

export const ResolvedPeriod = z.object({
  first: CalendarDay.nullable(),
  last: CalendarDay.nullable(),
  /** The period before, as many days long; null for all time. */
  previous: z.object({ first: CalendarDay, last: CalendarDay }).nullable(),
  timeZone: z.string(),
})

/** Payments with an outcome: approved or declined (a 3-D Secure payment never finished is pending, not an attempt). */
export const Attempts = z.object({ attempts: Count, declined: Count })

export const DeclineCode = z.object({
  code: z.string(),
  summary: z.string(),
  category: Category,
  declined: Count,
  previousDeclined: Count,
  /** Declined amount per currency, minor units. */
  amounts: z.array(z.object({ currency: z.string(), amount: Count })),
})

export const SliceRow = z.object({
  value: z.string(),
  now: Attempts,
  previous: Attempts,
  declinedBy: z.record(z.string(), Count),
})

export const DeclineBreakdown = z.object({
  period: ResolvedPeriod,
  now: Attempts,
  previous: Attempts,
  codes: z.array(DeclineCode),
  /** Declines per day of the top codes, over the last 90 days of the period at most. */
  trend: z.object({ days: z.array(CalendarDay), series: z.array(z.object({ code: z.string(), counts: z.array(Count) })) }),
})
export type DeclineBreakdown = z.infer<typeof DeclineBreakdown>

/** One slice of the declines (each its own call: the screen shows each as it comes, the BIN slice last). */
export const DeclineSliceBreakdown = z.object({ slice: z.enum(DECLINE_SLICES), rows: z.array(SliceRow), others: SliceRow.nullable() })
export type DeclineSliceBreakdown = z.infer<typeof DeclineSliceBreakdown>

export const CheckCell = z.object({ avs: z.string(), cvv: z.string(), scheme: z.string(), approved: Count, declined: Count, pending: Count })
export type CheckCell = z.infer<typeof CheckCell>

/** Per bucket (day, week or month), in the order of the buckets. */
export const Counts = z.object({ approved: z.array(Count), attempts: z.array(Count) })
export type Counts = z.infer<typeof Counts>

const Bucket = z.object({ key: CalendarDay, first: CalendarDay, last: CalendarDay })
const SeriesSet = z.object({
  buckets: z.array(Bucket),
  /** Every attempt, whatever the dimension's value. */
  total: Counts,
  series: z.array(Counts.extend({ value: z.string() })),
  /** The attempts none of the series holds; null when there are none. */
  other: Counts.nullable(),
})

/** What the charts compare: nothing (all payments) or the values of one dimension. */
export const APPROVAL_BY = ['all', ...DECLINE_SLICES] as const

const ApprovalInput = checkedPeriod(
  PeriodFields.extend({
    grain: z.enum(APPROVAL_GRAINS),
    by: z.enum(APPROVAL_BY),
    /** The values to compare (at most 6); the most attempted ones when left out. */
    values: z.array(z.string().max(64)).max(APPROVAL_MAX_SERIES, `compare at most ${APPROVAL_MAX_SERIES} series`).optional(),
    /** Also the period of as many days just before. */
    previous: z.boolean(),
  }).strict(),
)
export type ApprovalInput = z.infer<typeof ApprovalInput>

export const ApprovalSeries = SeriesSet.extend({
  period: ResolvedPeriod,
  grain: z.enum(APPROVAL_GRAINS),
  by: z.enum(APPROVAL_BY),
  previous: SeriesSet.extend({ first: CalendarDay, last: CalendarDay }).nullable(),
  /** The dimension's values with attempts in the period, most attempts first (50 at most). */
  choices: z.array(z.object({ value: z.string(), attempts: Count, approved: Count })),
})
export type ApprovalSeries = z.infer<typeof ApprovalSeries>

/** A file name's safe part: letters, digits, dashes. */
const FileStem = z.string().regex(/^[\w-]{1,80}$/, 'letters, digits and dashes only')

export const insightsCalls = {
  'insights.approval': { input: ApprovalInput, output: ApprovalSeries },
  /** The chart's table as CSV, from the same series (saved where the person chooses; null when cancelled). */
  'insights.approval.exportCsv': { input: ApprovalInput, output: z.object({ file: z.string(), rows: Count }).nullable() },
  /** The chart the screen drew, as a PNG (base64, at most 8 MB). */
  'insights.approval.savePng': { input: z.object({ name: FileStem, png: z.string().max(11_000_000).regex(/^[A-Za-z0-9+/]+=*$/, 'base64') }).strict(), output: z.object({ file: z.string() }).nullable() },
  'insights.declines': { input: Period, output: DeclineBreakdown },
  'insights.declineSlice': { input: checkedPeriod(PeriodFields.extend({ slice: z.enum(DECLINE_SLICES) }).strict()), output: DeclineSliceBreakdown },
  'insights.checks': { input: Period, output: z.object({ period: ResolvedPeriod, cells: z.array(CheckCell) }) },
} satisfies CallTable
