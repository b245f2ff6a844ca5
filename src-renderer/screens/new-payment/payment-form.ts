import { cardNumberProblem, cvvProblem, expiryProblem, readAmount, schemeOf } from '../../../src-main/contract/reference'

// The phone-payment form's rules, checked before anything is sent; the main process checks the
// same ones again. The card number and CVV are passed in and out, never kept: the form reads
// them from uncontrolled inputs at submit.

export const CURRENCIES = ['GBP', 'EUR', 'USD', 'CHF', 'SEK', 'JPY', 'KWD']

export type FieldErrors = Partial<Record<'card' | 'number' | 'expiry' | 'cvv' | 'savedCvv' | 'amount' | 'reference' | 'metadata', string>>

/** Digits only: the agent may type a number in groups, as read out. */
export const cardDigits = (text: string) => text.replace(/[\s-]/g, '')

/** "MM/YY" or "MM/YYYY" (or "MMYY") to a month and a four-digit year, or null. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const match = text.trim().match(/^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/)
  if (!match) return null
  const year = Number(match[2])
  return { month: Number(match[1]), year: year < 100 ? 2000 + year : year }
}

/** The amount typed, read in the app's locale, in minor units; or why it cannot be sent (Checkout.com's rules included). */
export function paymentAmount(text: string, currency: string, locale: string): { minor: number | null; problem: string | null } {
  const reading = readAmount(text, { currency, locale, forRequest: true })
  return reading.ok ? { minor: reading.minor, problem: null } : { minor: null, problem: reading.message }
}

export function newCardProblems(number: string, expiry: string, cvv: string, now: Date): FieldErrors {
  const errors: FieldErrors = {}
  const digits = cardDigits(number)
  if (!digits) errors.number = 'Type the card number.'
  else {
    const problem = cardNumberProblem(digits)
    if (problem) errors.number = problem
  }
  const parsed = parseExpiry(expiry)
  if (!expiry.trim()) errors.expiry = 'Type the expiry date, as on the card (MM/YY).'
  else if (!parsed) errors.expiry = 'Type the expiry as MM/YY, like 08/29.'
  else {
    const problem = expiryProblem(parsed.month, parsed.year, now)
    if (problem) errors.expiry = problem
  }
  if (!cvv.trim()) errors.cvv = 'Type the security code (CVV).'
  else if (!errors.number) {
    const problem = cvvProblem(cvv.trim(), digits)
    if (problem) errors.cvv = problem
  }
  return errors
}

/** A saved card's optional CVV: its length by the card's scheme. */
export function savedCvvProblem(cvv: string, scheme: string | null): string | null {
  if (!cvv.trim()) return null
  const amex = (scheme ?? '').toLowerCase().includes('american express') || (scheme ?? '').toLowerCase() === 'amex'
  const length = amex ? 4 : 3
  return new RegExp(`^\\d{${length}}$`).test(cvv.trim()) ? null : `The security code of this card is ${length} digits.`
}

export function referenceProblem(reference: string, amex: boolean): string | null {
  const text = reference.trim()
  if (!text) return 'A reference is needed, to find the payment later.'
  if (text.length > (amex ? 30 : 50)) return amex ? 'American Express allows at most 30 characters in a reference.' : 'A reference is at most 50 characters.'
  return null
}

export interface MetadataRow {
  key: string
  value: string
}

export function metadataProblem(rows: MetadataRow[]): string | null {
  const used = rows.filter((r) => r.key.trim() || r.value.trim())
  if (used.length > 19) return 'At most 19 metadata entries (Paydesk adds one, to find the payment again).'
  if (used.some((r) => r.key.trim().startsWith('paydesk_'))) return 'Names starting with paydesk_ are Paydesk’s own.'
  if (used.some((r) => !r.key.trim())) return 'Each metadata value needs a name.'
  if (new Set(used.map((r) => r.key.trim())).size !== used.length) return 'Each metadata name once.'
  if (used.some((r) => r.key.trim().length > 100 || r.value.length > 255)) return 'A metadata name is at most 100 characters and a value at most 255.'
  return null
}

export const isAmexNumber = (number: string) => schemeOf(cardDigits(number)) === 'American Express'
