import { minorUnitExponent } from '../reference/minor-units'
import type { StoredAction, StoredPayment } from './state'

// The simulator's fee schedule (documented in README.md), in integer minor units of the
// processing currency, so that gross + fees = net exactly for every action, payment and day.
// Both platforms report the same money; only their names for the lines differ.

/** A card scheme as the reports name its payment method ("American Express" -> "AMEX"). */
const SCHEME_METHOD: Record<string, string> = { Visa: 'VISA', Mastercard: 'MASTERCARD', 'American Express': 'AMEX', 'Diners Club International': 'DINERS', Discover: 'DISCOVER', JCB: 'JCB', Maestro: 'MAESTRO' }
export const paymentMethodOf = (scheme: string | undefined) => (scheme ? (SCHEME_METHOD[scheme] ?? scheme.toUpperCase()) : 'UNKNOWN')

export type FeeKind = 'gross' | 'authorization' | 'interchange' | 'scheme' | 'refund'

export interface FeeLine {
  kind: FeeKind
  /** Processing currency, minor units; fees negative. */
  minor: number
}

/** Line names on the previous platform's /reporting API (its spec's vocabulary). */
export const PREVIOUS_PLATFORM_NAMES: Record<FeeKind, string> = {
  gross: 'Gross',
  authorization: 'Gateway Fee',
  interchange: 'Interchange Fee',
  scheme: 'Scheme Fee',
  refund: 'Gateway Fee',
}

/** Breakdown types on the current platform's financial actions and reports (spec examples: "Scheme Fixed Fee", "Authorization Fixed Fee"). */
export const CURRENT_PLATFORM_NAMES: Record<FeeKind, string> = {
  gross: 'Gross',
  authorization: 'Authorization Fixed Fee',
  interchange: 'Interchange Variable Fee',
  scheme: 'Scheme Variable Fee',
  refund: 'Refund Fixed Fee',
}

export function feeLinesOf(payment: StoredPayment, action: StoredAction, cardType: string): FeeLine[] {
  if (!action.approved) return []
  const unit = 10 ** minorUnitExponent(payment.currency)
  const fixedFee = Math.max(1, Math.round(unit / 10)) // 0.10 in the currency
  switch (action.type) {
    case 'Authorization':
    case 'Card Verification':
      return [{ kind: 'authorization', minor: -fixedFee }]
    case 'Capture': {
      const interchangeRate = cardType === 'Debit' ? 0.002 : 0.012
      return [
        { kind: 'gross', minor: action.amount },
        { kind: 'interchange', minor: -Math.round(action.amount * interchangeRate) },
        { kind: 'scheme', minor: -Math.round(action.amount * 0.0015) },
      ]
    }
    case 'Refund':
      return [
        { kind: 'gross', minor: -action.amount },
        { kind: 'refund', minor: -fixedFee },
      ]
    case 'Void':
      return []
  }
}
