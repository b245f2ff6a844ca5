import { minorUnitExponent } from '../reference/minor-units'
import testData from '../reference/sandbox-test-data.json'
import type { CardProfile } from './card-catalog'

// The sandbox's documented test behaviour, and the simulator's own documented rules where the
// docs give none (the risk flag by email). See README.md.

const LAST_TWO = new Map(testData.amount_triggers.last_two_digits.map((t) => [t.ends_with, t.response_code]))
const EXACT = new Map(testData.amount_triggers.exact.map((t) => [t.amount, { code: t.response_code, note: t.note ?? '' }]))

/**
 * 5000/5029/150/6900 are documented for 3-D Secure payments only; 65x0 are listed beside them
 * without saying, and the simulator treats them the same way (README).
 */
export function threeDsOnlyTrigger(note: string): boolean {
  return /^3DS|3DS-only/.test(note)
}

export interface OutcomeInput {
  amount: number
  currency: string
  card: CardProfile
  threeDs: boolean
  /** How many earlier payments this card made for this same amount (for "first attempt only" codes). */
  earlierAttempts: number
}

/** The response code the sandbox gives a payment. Card triggers win over amount triggers. */
export function responseCodeFor(input: OutcomeInput): string {
  if (input.card.forcedResponseCode) return input.card.forcedResponseCode
  // Amount triggers apply only to currencies with two decimals (ISO exponent 2).
  if (minorUnitExponent(input.currency) !== 2 || input.amount === 0) return '10000'
  const exact = EXACT.get(input.amount)
  if (exact) {
    if (threeDsOnlyTrigger(exact.note) && !input.threeDs) return '10000'
    if (exact.note.startsWith('first attempt') && input.earlierAttempts > 0) return '10000'
    return exact.code
  }
  return LAST_TWO.get(String(input.amount % 100).padStart(2, '0')) ?? '10000'
}

export function isApproved(code: string): boolean {
  return code.startsWith('10')
}

/** The sandbox's AVS triggers (current docs): a magic value in billing_address.address_line1. */
const AVS_BY_ADDRESS = new Map(testData.avs_triggers.rules.map((r) => [r.address_line1, r.avs_check]))
/** Any other address: S, as the 2022 docs say (the current docs only say "a valid address"). */
export const AVS_OTHERWISE = testData.avs_triggers.otherwise.avs_check

/** A payment's avs_check: none without a billing address; a trigger counts only beside a postcode, as the 2024 docs require. */
export function avsCheckFor(billingAddress: { address_line1?: string | undefined; zip?: string | undefined } | undefined): string | undefined {
  if (!billingAddress) return undefined
  const trigger = billingAddress.zip?.trim() ? AVS_BY_ADDRESS.get(billingAddress.address_line1?.trim() ?? '') : undefined
  return trigger ?? AVS_OTHERWISE
}

/** The sandbox's CVV triggers (current docs): the CVV sent, absent as ''; any other three digits match. */
const CVV_BY_VALUE = new Map(testData.cvv_triggers.rules.filter((r) => r.cvv !== '*').map((r) => [r.cvv, r.cvv_check]))
/** The 2025-11 docs: any Visa or Mastercard test card follows the CVV triggers (the 2023 docs named two). */
const CVV_TRIGGER_SCHEMES = new Set(['Visa', 'Mastercard'])

/**
 * The cvv_check of card data (a card or a token), `cvv` undefined when none was sent. A stored
 * source (`stored`) paid with no CVV is not checked (a merchant-initiated payment has none).
 */
export function cvvCheckFor(card: CardProfile, cvv: string | undefined, stored = false): string | undefined {
  if (stored && cvv === undefined) return undefined
  if (CVV_TRIGGER_SCHEMES.has(card.scheme)) return CVV_BY_VALUE.get(cvv ?? '') ?? 'Y'
  return cvv === undefined ? undefined : 'Y'
}

/** The simulator's risk-flag rule: a customer email whose local part contains "flag" is flagged (approved, risk.flagged true). */
export function isRiskFlagged(email: string | undefined): boolean {
  return Boolean(email && /flag/i.test(email.split('@')[0] ?? ''))
}
