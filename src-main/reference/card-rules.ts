// What a card number, expiry and security code must look like before anything is sent: the
// checks a card network applies first (Luhn, length per scheme, expiry, CVV length). The
// simulator refuses with them as the API does; the phone-payment form checks with them as the
// agent types. Messages name the rule, never the digits.

/** The Luhn check every real card number passes. */
export function passesLuhn(number: string): boolean {
  let sum = 0
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/** The scheme a card number's leading digits belong to, as Checkout.com names it. */
export function schemeOf(number: string): string | null {
  if (/^4/.test(number)) return 'Visa'
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'Mastercard'
  if (/^3[47]/.test(number)) return 'American Express'
  if (/^3(0[0-5]|[68])/.test(number)) return 'Diners Club International'
  if (/^6(011|5|4[4-9])/.test(number)) return 'Discover'
  if (/^35(2[89]|[3-8])/.test(number)) return 'JCB'
  if (/^5[06-9]|^6/.test(number)) return 'Maestro'
  return null
}

/** The scheme family for rules that differ (Amex: 4-digit CVV, 15 digits, 30-character references). */
export function cardScheme(number: string): 'Amex' | 'other' {
  return schemeOf(number) === 'American Express' ? 'Amex' : 'other'
}

export function cvvLength(scheme: string): number {
  return scheme === 'American Express' ? 4 : 3
}

/** The lengths each scheme issues. */
const LENGTHS: Record<string, number[]> = {
  Visa: [13, 16, 19],
  Mastercard: [16],
  'American Express': [15],
  'Diners Club International': [14, 16],
  Discover: [16, 19],
  JCB: [16, 17, 18, 19],
  Maestro: [12, 13, 14, 15, 16, 17, 18, 19],
}

/** Why a typed card number cannot be a card, or null when it can. Spaces and dashes are the caller's to strip. */
export function cardNumberProblem(number: string): string | null {
  if (!/^\d+$/.test(number)) return 'A card number has digits only.'
  const scheme = schemeOf(number)
  if (!scheme) return 'This card number does not belong to a card scheme Checkout.com takes (check the first digits).'
  const lengths = LENGTHS[scheme]!
  if (!lengths.includes(number.length)) return `A ${scheme} card number has ${lengths.length === 1 ? lengths[0] : `${lengths.slice(0, -1).join(', ')} or ${lengths.at(-1)}`} digits; this one has ${number.length}.`
  if (!passesLuhn(number)) return 'This card number has a typing mistake (its check digit is wrong): read it back to the caller.'
  return null
}

/** Why an expiry cannot be used on `now`, or null. A card is valid to the end of its expiry month. */
export function expiryProblem(month: number, year: number, now: Date): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 'The expiry month is 1 to 12.'
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return 'The expiry year has four digits (or two, as on the card).'
  if (isExpired(month, year, now)) return 'This card has expired: ask the caller for another card.'
  if (year > now.getUTCFullYear() + 20) return 'The expiry year is more than 20 years away: check it.'
  return null
}

export function isExpired(month: number, year: number, now: Date): boolean {
  return year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)
}

/** Why a security code does not fit the card, or null. */
export function cvvProblem(cvv: string, number: string): string | null {
  const scheme = schemeOf(number)
  const length = scheme ? cvvLength(scheme) : 3
  if (!/^\d+$/.test(cvv) || cvv.length !== length) return `The security code of ${scheme === 'American Express' ? 'an American Express card is 4 digits (on the front)' : 'this card is 3 digits (on the back)'}.`
  return null
}
