// What a person types in the capture and refund dialogs, checked before anything is sent. Pure, unit-tested.
import { minorUnitExponent, parseMajorAmount } from '../../../src-main/contract/reference'
import { formatMoney } from '../../lib/format'

export type ActionKind = 'capture' | 'refund' | 'void'

export const VERB: Record<ActionKind, string> = { capture: 'Capture', refund: 'Refund', void: 'Void' }
const VERB_PAST: Record<ActionKind, string> = { capture: 'captured', refund: 'refunded', void: 'voided' }

/** Why a typed amount cannot be sent, or null. Checked before any request. */
export function amountError(text: string, currency: string, available: number, kind: ActionKind): string | null {
  if (!text.trim()) return null
  const exponent = minorUnitExponent(currency)
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return 'Enter a positive number, like 12.50.'
  const minor = parseMajorAmount(text, currency)
  if (minor === null) return exponent === 0 ? `${currency} has no minor units: enter a whole number.` : `${currency} amounts have at most ${exponent} decimals.`
  if (minor <= 0) return 'The amount must be above zero.'
  if (minor > available) return `At most ${formatMoney(available, currency)} can be ${VERB_PAST[kind]}.`
  return null
}

