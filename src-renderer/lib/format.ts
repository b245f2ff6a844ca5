import { minorUnitExponent } from '../../src-main/contract/reference'

const moneyFormats = new Map<string, Intl.NumberFormat>()

/** Integer minor units to a localised amount, using the currency's ISO exponent (JPY 0, USD 2, KWD 3). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const exponent = minorUnitExponent(currency)
  const key = `${locale ?? ''}|${currency}`
  let format = moneyFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent })
    moneyFormats.set(key, format)
  }
  // Division by a power of ten is exact enough for display; stored amounts stay integers.
  return format.format(minor / 10 ** exponent)
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso))
}
