import { passesLuhn, schemeOf } from '../reference/card-rules'
import { RESPONSE_CODES } from '../reference/codes'
import testData from '../reference/sandbox-test-data.json'

// What the sandbox knows about a card number: its scheme, type and issuer, and the test
// behaviour attached to it. Derived once, at tokenisation, so the full number is never kept.
export interface CardProfile {
  scheme: string
  card_type: 'Credit' | 'Debit' | 'Prepaid' | 'Charge' | 'Deferred Debit'
  card_category: 'Consumer' | 'Commercial'
  issuer: string
  issuer_country: string
  product_id: string
  product_type: string
  /** The response code this test card always returns, if any. */
  forcedResponseCode: string | null
  /** Enrolled in 3-D Secure. */
  enrolled3ds: boolean
}

interface TestCard {
  number: string
  scheme: string
  card_type: string
  response_code: string
  issuer_country?: string
  note?: string
}

// A number may be listed twice (a conditional, unconfirmed reading beside the documented one):
// the first unconditional listing is the card's behaviour.
const TEST_CARDS = new Map<string, TestCard>()
for (const card of testData.test_cards as TestCard[]) if (!TEST_CARDS.has(card.number) && !card.note?.startsWith('only when')) TEST_CARDS.set(card.number, card)

export function responseSummary(code: string): string {
  return RESPONSE_CODES.get(code)?.summary ?? 'Declined'
}

const ISSUERS: Record<string, { issuer: string; country: string; product_id: string; product_type: string }> = {
  Visa: { issuer: 'Test Issuer Bank', country: 'GB', product_id: 'F', product_type: 'Visa Classic' },
  Mastercard: { issuer: 'Test Mastercard Bank', country: 'US', product_id: 'MCC', product_type: 'Mastercard Credit' },
  'American Express': { issuer: 'American Express', country: 'US', product_id: 'AX', product_type: 'American Express' },
  'Diners Club International': { issuer: 'Diners Club', country: 'US', product_id: 'DC', product_type: 'Diners Club' },
  Discover: { issuer: 'Discover Bank', country: 'US', product_id: 'DS', product_type: 'Discover' },
  JCB: { issuer: 'JCB Co.', country: 'JP', product_id: 'JC', product_type: 'JCB' },
  Maestro: { issuer: 'Test Maestro Bank', country: 'GB', product_id: 'MS', product_type: 'Maestro' },
}

// Schemes whose test cards the simulator treats as not enrolled in 3-D Secure (documented in README.md).
const NOT_ENROLLED = new Set(['Diners Club International', 'Discover', 'JCB'])

/** The card's profile, or null when the number cannot be a card (length, Luhn, unknown scheme). */
export function profileCard(number: string): CardProfile | null {
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) return null
  const known = TEST_CARDS.get(number)
  const scheme = known?.scheme ?? schemeOf(number)
  if (!scheme) return null
  const issuer = ISSUERS[scheme] ?? ISSUERS.Visa!
  const forced = known && known.response_code !== '10000' ? known.response_code : null
  return {
    scheme,
    card_type: (known?.card_type as CardProfile['card_type']) ?? 'Credit',
    card_category: 'Consumer',
    issuer: issuer.issuer,
    issuer_country: known?.issuer_country ?? issuer.country,
    product_id: issuer.product_id,
    product_type: issuer.product_type,
    forcedResponseCode: forced,
    enrolled3ds: !NOT_ENROLLED.has(scheme),
  }
}
