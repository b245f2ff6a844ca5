import { z } from 'zod'
import { Empty, TimeZoneName as TimeZone, type CallTable } from '../contract/define'
import { jobStatusSchema } from '../jobs/job-status'
import { ActionLogView, PaymentActionView, PaymentDetailRow, PaymentListRow } from '../store/payment-records'
import { FeeLineView } from '../store/settlement-records'
import { PaymentFilter, PaymentSort } from './filter'
import { ShowFileAnswer } from '../desktop/desktop'

export { PaymentFilter, PaymentSort, PaymentListRow }

const PaymentId = z.string().regex(/^(pay|sid)_\w{26}$/, 'A payment id is pay_ followed by 26 letters or digits.')

const Minor = z.number().int()
/** The filtered payments' money in one currency, in its minor units: what a finance person reads. */
export const CurrencyTotals = z.object({
  currency: z.string(),
  /** Payments in the filter, whatever their outcome, and the sum of their amounts (declined ones included). */
  count: z.number().int(),
  gross: Minor,
  /** Approved payments and what they authorised. */
  approvedCount: z.number().int(),
  authorised: Minor,
  captured: Minor,
  refunded: Minor,
  /** Fees Checkout.com has reported for these payments, as a cost (rounded once, from exact lines). */
  fees: Minor,
  /** How many of the payments have fee lines yet: fees and net are complete when it equals the captured ones. */
  feesReported: z.number().int(),
  /** Captured less refunded less the fees reported. */
  net: Minor,
})
export type CurrencyTotals = z.infer<typeof CurrencyTotals>

export const PaymentTotals = z.object({
  count: z.number().int(),
  byCurrency: z.array(CurrencyTotals),
})
export type PaymentTotals = z.infer<typeof PaymentTotals>

export const PaymentDetail = z.object({
  payment: PaymentDetailRow,
  /** The latest answer from Checkout.com, as it came. */
  raw: z.record(z.string(), z.unknown()),
  actions: z.array(PaymentActionView),
  log: z.array(ActionLogView),
  /** Fee lines and money of each action as Checkout.com reported them (empty until reported). */
  fees: z.array(FeeLineView),
  /** Actions sent from this computer with no answer yet: until they are settled, nothing else is offered. */
  unresolved: z.array(ActionLogView.pick({ kind: true, amount: true, requested_at: true, requested_by: true, error: true, confirm_resend: true })),
  /** What may be done now, from the payment's balances (nothing while an action is unresolved). */
  allowed: z.object({ capture: z.number().int(), refund: z.number().int(), void: z.boolean() }),
  /** Set when this copy may be behind Checkout.com (an action was accepted but the refresh after it failed). */
  stale: z.string().nullable(),
})
export type PaymentDetail = z.infer<typeof PaymentDetail>

/** The id of the user action (made when a dialog opens): a retry of the same action reuses it. */
const ActionId = z.string().uuid('actionId must be a UUID made when the user started the action')
const ActionReference = z.string().trim().max(50).optional()
const PaymentActionInput = z.object({ id: PaymentId, actionId: ActionId, amount: z.number().int().positive('the amount must be above zero').optional(), reference: ActionReference }).strict()

export const ExportProgress = z.object({ file: z.string(), rows: z.number().int(), total: z.number().int() })
export const ExportResult = z.object({ file: z.string(), rows: z.number().int() })
export const ExportStatus = jobStatusSchema(ExportProgress, ExportResult)
export type ExportStatus = z.infer<typeof ExportStatus>

// 1000 is 10.00 GBP and 1,000 JPY: an order by amount only means something within one currency.
const oneCurrencyForAmountSort = { check: (i: { filter: PaymentFilter; sort: PaymentSort }) => i.sort.by !== 'amount' || i.filter.currency?.length === 1, message: 'sorting by amount needs exactly one currency, as amounts in different currencies do not compare', path: ['sort'] }

export const paymentsCalls = {
  'payments.list': {
    input: z
      .object({ filter: PaymentFilter, sort: PaymentSort, cursor: z.string().max(400).nullable(), limit: z.number().int().min(1).max(1000) })
      .strict()
      .refine(oneCurrencyForAmountSort.check, oneCurrencyForAmountSort),
    output: z.object({ rows: z.array(PaymentListRow), next: z.string().nullable() }),
  },
  'payments.totals': { input: z.object({ filter: PaymentFilter }).strict(), output: PaymentTotals },
  'payments.get': { input: z.object({ id: PaymentId }).strict(), output: PaymentDetail },
  'payments.capture': { input: PaymentActionInput, output: PaymentDetail },
  'payments.refund': { input: PaymentActionInput, output: PaymentDetail },
  'payments.void': { input: PaymentActionInput.omit({ amount: true }), output: PaymentDetail },
  'payments.refresh': { input: z.object({ id: PaymentId }).strict(), output: PaymentDetail },
  /**
   * Learns the outcome of each unresolved action: found among the payment's actions at
   * Checkout.com, else sent again with its own idempotency key. `confirmResend`: the person
   * confirmed sending again one whose key may have expired (it shows confirm_resend).
   */
  'payments.resolve': { input: z.object({ id: PaymentId, confirmResend: z.boolean().default(false) }).strict(), output: PaymentDetail },
  /** timeZone: the zone the screen shows dates in; the file's dates and name use it too. */
  'payments.export.start': { input: z.object({ filter: PaymentFilter, sort: PaymentSort, timeZone: TimeZone }).strict().refine(oneCurrencyForAmountSort.check, oneCurrencyForAmountSort), output: ExportStatus },
  'payments.export.status': { input: Empty, output: ExportStatus },
  'payments.export.cancel': { input: Empty, output: ExportStatus },
  /** The last finished export's file, selected in its folder or opened: only a file Paydesk wrote, never a path from the page. */
  'payments.export.show': { input: z.object({ how: z.enum(['folder', 'open']) }).strict(), output: ShowFileAnswer },
} satisfies CallTable
