// What a person types in the capture and refund dialogs, checked before anything is sent. Pure, unit-tested.
import { readAmount } from '../../../src-main/contract/reference'
import { formatMoney } from '../../lib/format'

export type ActionKind = 'capture' | 'refund' | 'void'

export const VERB: Record<ActionKind, string> = { capture: 'Capture', refund: 'Refund', void: 'Void' }
const VERB_PAST: Record<ActionKind, string> = { capture: 'captured', refund: 'refunded', void: 'voided' }

/**
 * The typed amount in minor units (null: empty, meaning all that is available), or why it
 * cannot be sent: read in the app's locale, within Checkout.com's rules and the balance.
 */
export function actionAmount(text: string, currency: string, available: number, kind: ActionKind, locale: string): { minor: number | null; problem: string | null } {
  if (!text.trim()) return { minor: null, problem: null }
  const reading = readAmount(text, { currency, locale, forRequest: true })
  if (!reading.ok) return { minor: null, problem: reading.message }
  if (reading.minor > available) return { minor: null, problem: `At most ${formatMoney(available, currency, locale)} can be ${VERB_PAST[kind]}.` }
  return { minor: reading.minor, problem: null }
}
