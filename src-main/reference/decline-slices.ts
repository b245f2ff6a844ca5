// The slices a decline breakdown is cut by, in the screen's order: pure data, read by the
// insights contract and the Declines screen.
export const DECLINE_SLICES = ['scheme', 'card_type', 'issuer_country', 'bin', 'currency', 'payment_type', 'three_ds'] as const
export type DeclineSlice = (typeof DECLINE_SLICES)[number]
