// The list's status tabs: each is a setting of the three address parameters that say what
// state a payment is in (status, outcome, flagged); the other filters stay as they are.

export const TAB_PARAMS = ['status', 'outcome', 'flagged'] as const

export const STATUS_TABS = [
  { key: 'all', label: 'All', params: {} },
  { key: 'authorized', label: 'Authorized', params: { status: 'Authorized' }, hint: 'Approved and waiting to be captured' },
  { key: 'captured', label: 'Captured', params: { status: 'Captured,Partially Captured' }, hint: 'Captured in full or in part, nothing refunded' },
  { key: 'refunded', label: 'Refunded', params: { status: 'Refunded,Partially Refunded' }, hint: 'Refunded in full or in part' },
  // Status Declined, not every unapproved payment: a 3-D Secure left unfinished (Canceled) was never refused.
  { key: 'declined', label: 'Declined', params: { status: 'Declined' }, hint: 'Refused by the issuer, the scheme or Checkout.com' },
  { key: 'flagged', label: 'Flagged', params: { flagged: 'yes' }, hint: 'Flagged by Checkout.com’s risk checks, to review' },
] as const satisfies readonly { key: string; label: string; params: Partial<Record<(typeof TAB_PARAMS)[number], string>>; hint?: string }[]
export type StatusTab = (typeof STATUS_TABS)[number]

/** The address changes that select `tab`. */
export function tabChanges(tab: StatusTab): Record<string, string | null> {
  const params: Partial<Record<string, string>> = tab.params
  return Object.fromEntries(TAB_PARAMS.map((key) => [key, params[key] ?? null]))
}

/** The address with `tab` selected (for its count). */
export function withTab(params: URLSearchParams, tab: StatusTab): URLSearchParams {
  const next = new URLSearchParams(params)
  for (const [key, value] of Object.entries(tabChanges(tab))) {
    if (value === null) next.delete(key)
    else next.set(key, value)
  }
  return next
}

/** The tab the address is on, or null when its status filters are a mix no tab names. */
export function activeTab(params: URLSearchParams): StatusTab | null {
  const params3 = (tab: StatusTab) => Object.entries(tabChanges(tab)).every(([key, value]) => (params.get(key) || null) === value)
  return STATUS_TABS.find(params3) ?? null
}
