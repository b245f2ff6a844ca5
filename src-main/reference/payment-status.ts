// Checkout.com's payment statuses (GET /payments/{id} `status`), written once: the client's
// schema, the simulator's state machine, the list's filter and the status badge all read this.
export const PAYMENT_STATUSES = [
  'Pending',
  'Authorized',
  'Card Verified',
  'Voided',
  'Partially Captured',
  'Captured',
  'Partially Refunded',
  'Refunded',
  'Declined',
  'Canceled',
  'Expired',
  'Paid',
  'Retry Scheduled',
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value)
}

// Card schemes and payment types as the API spells them.
export const CARD_SCHEMES = ['Visa', 'Mastercard', 'American Express', 'Discover', 'Diners Club International', 'JCB', 'Maestro'] as const
export const PAYMENT_TYPES = ['Regular', 'Recurring', 'MOTO'] as const
export type PaymentType = (typeof PAYMENT_TYPES)[number]
