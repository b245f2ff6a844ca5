import type { CheckCell } from '../../src-main/contract'
import { AVS_CODES, CVV_CODES } from '../../src-main/contract/reference'

// What counts as an AVS / CVV mismatch, for the Checks screen and the weekly report alike: the
// address check found a difference (no match, or only one of street and postcode), or the
// security code did not match.

export const avsMismatch = (code: string) => ['no_match', 'partial'].includes(AVS_CODES.get(code)?.class ?? '')
export const cvvMismatch = (code: string) => CVV_CODES.get(code)?.class === 'no_match'

export interface Sum {
  approved: number
  declined: number
  pending: number
}
export const total = (c: Sum) => c.approved + c.declined + c.pending
export const add = (sum: Sum, c: Sum) => ({ approved: sum.approved + c.approved, declined: sum.declined + c.declined, pending: sum.pending + c.pending })
export const zero: Sum = { approved: 0, declined: 0, pending: 0 }

/** Every payment the checks counted, and those with a mismatch. */
export function mismatchTotals(cells: CheckCell[]): { all: Sum; mismatched: Sum } {
  return { all: cells.reduce(add, zero), mismatched: cells.filter((c) => avsMismatch(c.avs) || cvvMismatch(c.cvv)).reduce(add, zero) }
}
