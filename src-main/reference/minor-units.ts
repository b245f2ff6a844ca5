// ISO 4217 minor-unit exponents, as Checkout.com applies them to `amount`. Anything not
// listed has two decimals. Pure data: shared by the main process and the renderer.
export const ZERO_DECIMAL_CURRENCIES = ['BIF', 'CLF', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']
export const THREE_DECIMAL_CURRENCIES = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']
const ZERO_DECIMAL = new Set(ZERO_DECIMAL_CURRENCIES)
const THREE_DECIMAL = new Set(THREE_DECIMAL_CURRENCIES)

export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toUpperCase()
  if (ZERO_DECIMAL.has(code)) return 0
  if (THREE_DECIMAL.has(code)) return 3
  return 2
}

/** A major-unit decimal string as typed by a person ("12.50") to integer minor units, or null if it has too many decimals. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const exponent = minorUnitExponent(currency)
  const match = text.trim().match(/^(\d+)(?:\.(\d+))?$/)
  if (!match) return null
  const [, whole, fraction = ''] = match
  if (fraction.length > exponent) return null
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0')
  return Number.isSafeInteger(minor) ? minor : null
}

/** Integer minor units to a plain decimal string in major units ("-12.34"), by digits: for CSV and reports. */
export function formatMinorDecimal(minor: number, currency: string): string {
  const exponent = minorUnitExponent(currency)
  const sign = minor < 0 ? '-' : ''
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0')
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}
