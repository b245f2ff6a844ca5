import { minorUnitExponent } from '../reference/minor-units'

/** "-12.34" in a major-unit report field to -1234 minor units, by its digits (never a float). */
export function decimalToMinor(text: string, currency: string): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!match) throw new Error(`Not a decimal amount: ${JSON.stringify(text)}`)
  const [, sign, whole, fraction = ''] = match
  const exponent = minorUnitExponent(currency)
  // Extra decimals are allowed only when they are zeros ("12.340" for EUR).
  if (fraction.length > exponent && /[^0]/.test(fraction.slice(exponent))) throw new Error(`${text} has more decimals than ${currency} allows`)
  const minor = Number(whole!) * 10 ** exponent + Number(fraction.slice(0, exponent).padEnd(exponent, '0') || '0')
  if (!Number.isSafeInteger(minor)) throw new Error(`${text} is too large`)
  return sign ? -minor : minor
}
