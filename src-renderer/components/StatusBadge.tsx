import { isPaymentStatus, type PaymentStatus } from '../../src-main/contract/reference'

const TONES: Record<PaymentStatus, string> = {
  Captured: 'ok',
  'Partially Captured': 'ok',
  Paid: 'ok',
  Authorized: 'info',
  'Card Verified': 'info',
  Pending: 'warn',
  'Retry Scheduled': 'warn',
  Declined: 'bad',
  Canceled: 'muted',
  Expired: 'muted',
  Voided: 'muted',
  Refunded: 'violet',
  'Partially Refunded': 'violet',
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${isPaymentStatus(status) ? TONES[status] : 'muted'}`}>{status}</span>
}
