const TONES: Record<string, string> = {
  Captured: 'ok',
  'Partially Captured': 'ok',
  Authorized: 'info',
  'Card Verified': 'info',
  Paid: 'ok',
  Pending: 'warn',
  Declined: 'bad',
  Canceled: 'muted',
  Expired: 'muted',
  Voided: 'muted',
  Refunded: 'violet',
  'Partially Refunded': 'violet',
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONES[status] ?? 'muted'}`}>{status}</span>
}
