import type { PaymentRequestView } from '../../../src-main/contract'
import { formatInstant, formatMoney } from '../../lib/format'

// The receipt an agent reads out or sends: it says "charged" only for money that was taken.

const STATUS: Record<PaymentRequestView['state'], (r: PaymentRequestView) => { title: string; money: string }> = {
  approved: (r) => (r.capture ? { title: 'Payment approved', money: 'charged' } : { title: 'Payment authorised', money: 'authorised only: not charged until it is captured' }),
  declined: (r) => ({ title: `Payment declined${r.response_summary ? `: ${r.response_summary}` : ''}`, money: 'not charged' }),
  pending: () => ({ title: 'Payment waiting for 3-D Secure', money: 'not charged yet: the cardholder must authenticate first' }),
  sending: () => ({ title: 'Payment outcome not known yet', money: 'not known whether it was charged: do not tell the caller it was' }),
  unknown: () => ({ title: 'Payment outcome not known yet', money: 'not known whether it was charged: do not tell the caller it was' }),
  refused: () => ({ title: 'Payment not accepted by Checkout.com', money: 'not charged' }),
  failed: () => ({ title: 'Payment not taken', money: 'not charged' }),
}

export function receiptText(r: PaymentRequestView, zone: string, locale?: string): string {
  const { title, money } = STATUS[r.state](r)
  return [
    title,
    `Reference: ${r.reference}`,
    `Amount: ${formatMoney(r.amount, r.currency, locale)} (${money})`,
    `Card: ${r.card_scheme ?? 'card'} ending ${r.card_last4 ?? '????'}`,
    ...(r.auth_code && r.state === 'approved' ? [`Authorisation code: ${r.auth_code}`] : []),
    `Time: ${formatInstant(r.processed_at ?? r.created_at, zone)} (${zone})`,
    ...(r.payment_id ? [`Payment id: ${r.payment_id}`] : []),
  ].join('\n')
}
