import { decimalToMicro } from '../checkout/decimal-amount'
import type { PaymentAction, PaymentDetails, ReportPayment, SearchedPayment } from '../checkout/schemas'
import type { NewPaymentActionRow, NewPaymentRow } from '../store/payments-database'
import type { FeeLineRecord } from '../store/settlement-records'

// From Checkout.com's answers to the store's rows: the normalised columns every list and
// aggregate reads, plus the raw JSON of the latest answer for audit.

/** A payment as GET /payments/{id} or a Payment Search result shows it (their action summaries differ). */
type PaymentAnswer = PaymentDetails | SearchedPayment

export function paymentRow(details: PaymentAnswer, actions: PaymentAction[], fetchedAt: string): NewPaymentRow {
  const source = details.source
  const decided = actions.find((a) => a.type === 'Authorization' || a.type === 'Card Verification')
  const sum = (type: string) => actions.filter((a) => a.type === type && a.approved !== false).reduce((s, a) => s + a.amount, 0)
  const pending = details.status === 'Pending'
  return {
    id: details.id,
    created_at: details.requested_on,
    processed_at: decided?.processed_on ?? null,
    amount: details.amount,
    currency: details.currency,
    status: details.status,
    approved: pending ? null : details.approved ? 1 : 0,
    response_code: decided?.response_code ?? details.actions?.at(-1)?.response_code ?? null,
    response_summary: decided?.response_summary ?? details.actions?.at(-1)?.response_summary ?? null,
    scheme: source?.scheme ?? null,
    card_type: source?.card_type ?? null,
    bin: source?.bin ?? null,
    last4: source?.last4 ?? null,
    issuer_country: source?.issuer_country ?? null,
    avs_check: source?.avs_check ?? null,
    cvv_check: source?.cvv_check ?? null,
    risk_flagged: details.risk?.flagged ? 1 : 0,
    reference: details.reference ?? null,
    customer_id: details.customer?.id ?? null,
    customer_email: details.customer?.email ?? null,
    source_id: source?.id ?? null,
    payment_type: details.payment_type ?? null,
    auth_code: decided?.auth_code ?? null,
    customer_name: details.customer?.name ?? null,
    card_expiry_month: source?.expiry_month ?? null,
    card_expiry_year: source?.expiry_year ?? null,
    card_fingerprint: source?.fingerprint ?? null,
    billing_country: source?.billing_address?.country ?? null,
    three_ds: details['3ds'] ? 1 : 0,
    captured_amount: sum('Capture'),
    refunded_amount: sum('Refund'),
    raw_json: JSON.stringify(details),
    fetched_at: fetchedAt,
  }
}

export function actionRows(paymentId: string, actions: PaymentAction[], fetchedAt: string): NewPaymentActionRow[] {
  return actions.map((action) => ({
    id: action.id,
    payment_id: paymentId,
    type: action.type,
    amount: action.amount,
    approved: action.approved === undefined ? null : action.approved ? 1 : 0,
    response_code: action.response_code,
    response_summary: action.response_summary ?? null,
    processed_at: action.processed_on,
    reference: action.reference ?? null,
    acquirer_reference_number: action.processing?.acquirer_reference_number ?? null,
    raw_json: JSON.stringify(action),
    fetched_at: fetchedAt,
  }))
}

/** Adds a fee line to a file's or answer's lines: a type repeated within one action (same detail) is summed, as the key allows one row. */
export function addFeeLine(lines: Map<string, FeeLineRecord>, line: FeeLineRecord): void {
  const key = `${line.action_id}|${line.breakdown_type}|${line.fee_detail}`
  const same = lines.get(key)
  if (same) {
    same.processing_micro += line.processing_micro
    same.holding_micro += line.holding_micro
  } else lines.set(key, line)
}

/**
 * The previous platform's report breakdown of a payment as fee lines: amounts in the processing
 * currency, held in the payout currency; lines of one type in one action are summed (its
 * breakdowns may repeat a type).
 */
export function reportingFeeLines(report: ReportPayment, fetchedAt: string): FeeLineRecord[] {
  const currency = report.processing_currency
  const holding = report.payout_currency ?? currency
  return report.actions.flatMap((action) => {
    const byType = new Map<string, { processing: number; holding: number }>()
    for (const line of action.breakdown) {
      const sum = byType.get(line.type) ?? { processing: 0, holding: 0 }
      sum.processing += decimalToMicro(line.processing_currency_amount, currency)
      sum.holding += decimalToMicro(line.payout_currency_amount ?? line.processing_currency_amount, holding)
      byType.set(line.type, sum)
    }
    return [...byType].map(([type, sum]) => ({
      action_id: action.id,
      payment_id: report.id,
      action_type: action.type,
      breakdown_type: type,
      fee_detail: '',
      processed_at: action.processed_on,
      processing_currency: currency,
      processing_micro: sum.processing,
      holding_currency: holding,
      holding_micro: sum.holding,
      fx_rate: null,
      payout_id: null,
      source: 'reporting' as const,
      fetched_at: fetchedAt,
    }))
  })
}
