import type { DeclineSlice } from '../../src-main/contract'

// The dimensions payments are sliced by on the insights screens (declines, approval charts):
// their names, how a value reads, and the payments list's address key that filters by it.

export const SLICE_LABELS: Record<DeclineSlice, string> = {
  scheme: 'Scheme',
  card_type: 'Card type',
  issuer_country: 'Issuing country',
  bin: 'BIN (first 6 digits)',
  currency: 'Currency',
  payment_type: 'Payment type',
  three_ds: '3-D Secure',
}
export const SLICE_HEADINGS: Record<DeclineSlice, string> = { scheme: 'scheme', card_type: 'card type', issuer_country: 'issuing country', bin: 'BIN', currency: 'currency', payment_type: 'payment type', three_ds: '3-D Secure' }
/** The list's address key for a slice value (payment-filter-url.ts). */
export const SLICE_PARAMS: Record<DeclineSlice, (value: string) => Record<string, string>> = {
  scheme: (v) => ({ scheme: v }),
  card_type: (v) => ({ cardtype: v }),
  issuer_country: (v) => ({ country: v }),
  bin: (v) => ({ bin: v }),
  currency: (v) => ({ currency: v }),
  payment_type: (v) => ({ type: v }),
  three_ds: (v) => ({ threeds: v === '1' ? 'yes' : 'no' }),
}
export const sliceValue = (slice: DeclineSlice, value: string) => (slice === 'three_ds' ? (value === '1' ? 'With 3-D Secure' : 'Without') : value || 'Unknown')
