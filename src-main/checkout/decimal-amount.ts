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

/** Millionths of a minor unit per minor unit: fee lines are kept at this precision (settlement-records.ts). */
export const MICRO = 1_000_000

/**
 * A reported amount (a decimal string, or a JSON number as /financial-actions sends) to integer
 * millionths of the currency's minor unit, by its digits. Digits beyond that precision are
 * rounded half away from zero (8 decimals of a zero-decimal currency).
 */
export function decimalToMicro(value: string | number, currency: string): number {
  const places = minorUnitExponent(currency) + 6
  const text = typeof value === 'number' ? value.toFixed(places) : value.trim()
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new Error(`Not a decimal amount: ${JSON.stringify(value)}`)
  const [, sign, whole, fraction = ''] = match
  let micro = Number(whole!) * 10 ** places + Number(fraction.slice(0, places).padEnd(places, '0') || '0')
  if (fraction.length > places && Number(fraction[places]) >= 5) micro += 1
  if (!Number.isSafeInteger(micro)) throw new Error(`${text} is too large`)
  return sign && micro !== 0 ? -micro : micro
}

/** Summed micro amounts back to whole minor units, half away from zero. */
export const microToMinor = (micro: number) => Math.sign(micro) * Math.round(Math.abs(micro) / MICRO)
