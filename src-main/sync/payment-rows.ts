import { decimalToMinor } from '../checkout/decimal-amount'
import type { PaymentAction, PaymentDetails, ReportPayment, SearchedPayment } from '../checkout/schemas'
import type { NewPaymentActionRow, NewPaymentRow } from '../store/payments-database'

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
    captured_amount: sum('Capture'),
    refunded_amount: sum('Refund'),
    raw_json: JSON.stringify(details),
    fetched_at: fetchedAt,
  }
}

export function actionRows(paymentId: string, currency: string, actions: PaymentAction[], report: ReportPayment | undefined, fetchedAt: string): NewPaymentActionRow[] {
  const reported = new Map((report?.actions ?? []).map((a) => [a.id, a]))
  return actions.map((action) => {
    const lines = reported.get(action.id)?.breakdown
    const minor = lines?.map((l) => ({ type: l.type, amount: decimalToMinor(l.processing_currency_amount, currency) }))
    return {
      id: action.id,
      payment_id: paymentId,
      type: action.type,
      amount: action.amount,
      approved: action.approved === undefined ? null : action.approved ? 1 : 0,
      response_code: action.response_code,
      response_summary: action.response_summary ?? null,
      processed_at: action.processed_on,
      reference: action.reference ?? null,
      gross_amount: minor ? minor.filter((l) => l.type === 'Gross').reduce((s, l) => s + l.amount, 0) : null,
      // Fees as a positive cost, whatever sign the report gives them.
      fee_amount: minor ? -minor.filter((l) => l.type !== 'Gross').reduce((s, l) => s + l.amount, 0) : null,
      breakdown_json: minor ? JSON.stringify(minor) : null,
      raw_json: JSON.stringify(action),
      fetched_at: fetchedAt,
    }
  })
}
