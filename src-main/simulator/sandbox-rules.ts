import { minorUnitExponent } from '../reference/minor-units'
import testData from '../reference/sandbox-test-data.json'
import type { CardProfile } from './card-catalog'

// The sandbox's documented test behaviour, and the simulator's own documented rules where the
// docs give none (AVS by postcode, CVV by value, risk flag by email). See README.md.

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

/** The simulator's AVS rule: by the billing postcode (the docs give no exact trigger). */
export const AVS_BY_POSTCODE: Record<string, string> = {
  '00000': 'N', // street and postcode do not match
  '11111': 'A', // street matches, postcode does not
  '22222': 'Z', // postcode matches
  '33333': 'U', // issuer does not support it
  '44444': 'R', // service unavailable
  '55555': 'S', // not supported
  '66666': 'G', // not verified
}

export function avsCheckFor(billingAddress: { zip?: string | undefined } | undefined): string | undefined {
  if (!billingAddress) return undefined
  const zip = billingAddress.zip?.replace(/\s+/g, '') ?? ''
  if (!zip) return 'I'
  return AVS_BY_POSTCODE[zip] ?? 'Y'
}

/** The simulator's CVV rule for the two CVV test cards (the exact docs values are unconfirmed). */
export const CVV_BY_VALUE: Record<string, string> = { '000': 'D', '111': 'N', '222': 'P', '333': 'U', '444': 'X' }

export function cvvCheckFor(card: CardProfile, cvv: string | undefined): string | undefined {
  if (cvv === undefined) return undefined
  if (card.cvvTestCard) return CVV_BY_VALUE[cvv] ?? 'Y'
  return 'Y'
}

/** The simulator's risk-flag rule: a customer email whose local part contains "flag" is flagged (approved, risk.flagged true). */
export function isRiskFlagged(email: string | undefined): boolean {
  return Boolean(email && /flag/i.test(email.split('@')[0] ?? ''))
}
