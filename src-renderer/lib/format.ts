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

const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(zone: string, style: 'list' | 'full' | 'day'): Intl.DateTimeFormat {
  const key = `${zone}|${style}`
  let format = dateFormats.get(key)
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'list'
        ? { dateStyle: 'medium', timeStyle: 'short' }
        : style === 'day'
          ? { dateStyle: 'medium' }
          : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }
    format = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone })
    dateFormats.set(key, format)
  }
  return format
}

/** A list cell's date and time in `zone` (the column header names the zone). */
export function formatDateTime(iso: string, zone: string): string {
  return dateFormat(zone, 'list').format(new Date(iso))
}

/** A date and time to the second with its zone ("25 Nov 2026, 14:03:22 GMT+9"): the detail and messages. */
export function formatInstant(iso: string, zone: string): string {
  return dateFormat(zone, 'full').format(new Date(iso))
}

/** A calendar day ("2026-11-25") as the reader writes it. */
export function formatDay(day: string): string {
  return dateFormat('UTC', 'day').format(new Date(`${day}T00:00:00Z`))
}
