import type { ReconciledLine } from '../../../src-main/contract'

// Each line state and match rule in words, as finance reads them.
export const STATE_LABELS: Record<ReconciledLine['state'], string> = {
  matched: 'Paid out',
  amount_mismatch: 'Amount differs',
  currency_mismatch: 'Currency differs',
  order_without_payment: 'Order without payment',
  payment_without_order: 'Payment without order',
  declined_for_paid_order: 'Declined, order paid',
  captured_not_paid_out: 'Not paid out yet',
  payout_without_capture: 'In a payout, not captured here',
  authorised_not_captured: 'Authorised, not captured',
  partly_captured: 'Partly captured',
  authorisation_expired: 'Authorisation expired',
  voided: 'Voided',
  refunded: 'Refunded',
  partly_refunded: 'Partly refunded',
  two_payments_for_one_order: 'Paid twice',
  duplicate_order: 'Order listed twice',
}
export const RULE_LABELS = { manual: 'linked by hand', reference: 'same reference', normalised_reference: 'reference, normalised', amount_and_time: 'amount and time' } as const

