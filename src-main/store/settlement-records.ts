import { z } from 'zod'

// Fees, settlement and payouts as Checkout.com reports them (the Reports API's files, the
// financial actions API, or the previous platform's reconciliation report). One row per fee
// line, so SQL sums fees by type, payout or day; never a JSON blob. Pure zod, like
// payment-records.ts: the contract reuses these schemas.
//
// Fee lines are reported to 8 decimals (a fixed fee of 0.0135 USD), finer than any currency's
// minor unit, so their amounts are kept exact as integer millionths of a minor unit ("micro");
// totals are rounded to minor units only once summed. Payouts are whole minor units.

const Minor = z.number().int()
const Micro = z.number().int()
const Text = z.string().nullable()

export const FEE_LINE_SOURCES = ['report', 'api', 'reporting'] as const

export const FeeLineRecord = z.object({
  action_id: z.string(),
  payment_id: z.string(),
  action_type: z.string(),
  /** "Gross" for the money itself, else the fee's type ("Scheme Fixed Fee"). */
  breakdown_type: z.string(),
  /** '' when the line has none: part of the key, as one action may carry a type twice with different details. */
  fee_detail: z.string(),
  processed_at: z.string(),
  processing_currency: z.string(),
  processing_micro: Micro,
  holding_currency: z.string(),
  /** What the line adds to (or, negative, takes from) the payout. */
  holding_micro: Micro,
  fx_rate: Text,
  /** Null until a report ties the action to a payout. */
  payout_id: Text,
  /** Where the line came from: a Reports API file, /financial-actions, or /reporting (previous platform). */
  source: z.enum(FEE_LINE_SOURCES),
  fetched_at: z.string(),
})
export type FeeLineRecord = z.infer<typeof FeeLineRecord>
export const FEE_LINE_COLUMNS = FeeLineRecord.keyof().options

export const PayoutRecord = z.object({
  id: z.string(),
  currency_account_id: Text,
  holding_currency: z.string(),
  payout_date: z.string(),
  period_start: Text,
  period_end: Text,
  /** The amount paid to the merchant's bank, minor units of the holding currency. */
  amount: Minor,
  merchant_payout_fees: Minor,
  payments: Minor,
  refunds: Minor,
  chargebacks: Minor,
  interchange_fees: Minor,
  scheme_fees: Minor,
  other_fees: Minor,
  report_id: Text,
  fetched_at: z.string(),
})
export type PayoutRecord = z.infer<typeof PayoutRecord>
export const PAYOUT_COLUMNS = PayoutRecord.keyof().options

/** A report file read whole into the store: it is not downloaded again. */
export const ReportFileRecord = z.object({
  file_id: z.string(),
  report_id: z.string(),
  report_type: z.string(),
  created_on: z.string(),
  period_from: Text,
  period_to: Text,
  rows: z.number().int(),
  ingested_at: z.string(),
})
export type ReportFileRecord = z.infer<typeof ReportFileRecord>
export const REPORT_FILE_COLUMNS = ReportFileRecord.keyof().options

/** What the detail screen shows of a fee line: rounded to minor units for display. */
export const FeeLineView = z.object({
  action_id: z.string(),
  breakdown_type: z.string(),
  fee_detail: z.string(),
  processing_currency: z.string(),
  processing_amount: Minor,
  holding_currency: z.string(),
  holding_amount: Minor,
  payout_id: Text,
  source: z.enum(FEE_LINE_SOURCES),
})
export type FeeLineView = z.infer<typeof FeeLineView>
