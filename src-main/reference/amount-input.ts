import { formatMinorDecimal, minorUnitExponent } from './minor-units'

// An amount as a person types it, read the way the locale the app shows writes numbers
// (de-DE "1.250,00", en-GB "1,250.00", fr-FR "1 250,00"). One reader for every field that takes
// money (a phone payment, capture and refund, the amount filters, the list search, the
// reconciliation): a reading that another convention would give differently is never guessed,
// it is refused with a sentence that names the readings. Pure: the renderer and the main
// process share it.

/** How numbers are written: the decimal mark, and the grouping mark with its group sizes. */
interface Convention {
  decimal: string
  group: string
  /** Indian grouping (12,34,567.00): groups of two before the last three. */
  twoDigitGroups: boolean
}

/** The largest amount Checkout.com takes in one request: at most 9 digits in minor units (API-NOTES section 1). */
export const MAX_REQUEST_MINOR = 999_999_999

const SPACES = /[\s\u00a0\u202f\u2009]/g
const conventions = new Map<string, Convention>()

function localeConvention(locale: string): Convention {
  let found = conventions.get(locale)
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5)
    const group = parts.find((p) => p.type === 'group')?.value ?? ','
    const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.'
    found = { decimal: normalSeparator(decimal), group: normalSeparator(group), twoDigitGroups: parts.filter((p) => p.type === 'integer').some((p) => p.value.length === 2) }
    conventions.set(locale, found)
  }
  return found
}

/** Space-like and apostrophe-like marks read as one of each, and the Arabic marks as their Latin forms. */
function normalSeparator(mark: string): string {
  if (/^[\s\u00a0\u202f\u2009]$/.test(mark)) return ' '
  if (mark === '\u2019' || mark === "'") return "'"
  if (mark === '\u066b') return ','
  if (mark === '\u066c') return '.'
  return mark
}

/** The two conventions anyone might type in, whatever the locale. */
const DOT_DECIMAL: Convention = { decimal: '.', group: ',', twoDigitGroups: false }
const COMMA_DECIMAL: Convention = { decimal: ',', group: '.', twoDigitGroups: false }

function normalise(text: string): string {
  return text
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u066b\u066c\u2019]/g, normalSeparator)
    .replace(SPACES, ' ')
}

/** Digits with no marks, and where each mark stands: read under one convention, or null. */
function underConvention(text: string, c: Convention): { whole: string; fraction: string } | null {
  const [whole = '', fraction, extra] = text.split(c.decimal)
  if (extra !== undefined) return null
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return null
  if (/^\d+$/.test(whole)) return { whole, fraction: fraction ?? '' }
  const g = c.group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const threes = new RegExp(`^\\d{1,3}(${g}\\d{3})+$`)
  const indian = new RegExp(`^\\d{1,2}(${g}\\d{2})*${g}\\d{3}$`)
  if (threes.test(whole) || (c.twoDigitGroups && indian.test(whole))) return { whole: whole.split(c.group).join(''), fraction: fraction ?? '' }
  return null
}

function toMinor(reading: { whole: string; fraction: string }, exponent: number): number | null {
  if (reading.fraction.length > exponent) return null
  const minor = Number(reading.whole) * 10 ** exponent + Number(reading.fraction.padEnd(exponent, '0') || '0')
  return Number.isSafeInteger(minor) ? minor : null
}

/** A plain amount in the locale's way, without a currency sign ("1.250,00" in de-DE). */
export function formatAmountInput(minor: number, currency: string, locale: string): string {
  const exponent = minorUnitExponent(currency)
  return new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(Number(formatMinorDecimal(minor, currency)))
}

/** A way to type this amount that no convention reads otherwise: plain digits for a whole amount, no trailing zeros after the mark. */
function unambiguousInput(minor: number, currency: string, locale: string): string {
  const exponent = minorUnitExponent(currency)
  const { decimal } = localeConvention(locale)
  const [whole, fraction = ''] = formatMinorDecimal(minor, currency).split('.')
  const trimmed = exponent === 0 ? '' : fraction.replace(/0+$/, '')
  return trimmed ? `${whole}${decimal}${trimmed}` : whole!
}

export type AmountReading = { ok: true; minor: number } | { ok: false; message: string }

export interface AmountOptions {
  currency: string
  locale: string
  /** Zero is a valid answer (a filter's minimum); a payment or an action needs more. */
  allowZero?: boolean
  /** The amount goes to Checkout.com: its rules for one request apply (moneyRuleProblem). */
  forRequest?: boolean
}

/** What the person typed, in the currency's minor units, or why it cannot be read as one amount. */
export function readAmount(text: string, options: AmountOptions): AmountReading {
  const { currency, locale } = options
  const exponent = minorUnitExponent(currency)
  const typed = stripCurrency(normalise(text), currency)
  if (!typed) return { ok: false, message: 'Type the amount.' }
  if (/^[-\u2212]/.test(typed)) return { ok: false, message: 'Type the amount without a minus sign: it must be above zero.' }
  const example = formatAmountInput(exponent === 0 ? 1234 : 123456 * 10 ** (exponent - 2), currency, locale)
  if (!/^[\d., ']+$/.test(typed)) return { ok: false, message: `Type the amount in digits, like ${example}.` }
  const own = localeConvention(locale)
  const ownReading = underConvention(typed, own)
  const ownMinor = ownReading && toMinor(ownReading, exponent)
  const others = new Map<number, 'decimal' | 'grouping'>()
  for (const convention of [DOT_DECIMAL, COMMA_DECIMAL]) {
    if (convention.decimal === own.decimal && convention.group === own.group) continue
    const reading = underConvention(typed, convention)
    const minor = reading && toMinor(reading, exponent)
    if (minor !== null && minor !== undefined && minor !== ownMinor) others.set(minor, reading!.fraction ? 'decimal' : 'grouping')
  }
  const shown = (minor: number) => `${formatAmountInput(minor, currency, locale)} ${currency}`
  if (ownMinor !== null && ownMinor !== undefined) {
    if (others.size > 0) {
      const readings = [ownMinor, ...others.keys()].sort((a, b) => a - b)
      // A three-decimal amount under 1 000 has no other way to be written: only the others are offered.
      const ways = readings.map((m) => ({ form: unambiguousInput(m, currency, locale), shown: shown(m) })).filter((w) => w.form !== typed)
      return { ok: false, message: `“${text.trim()}” could be ${readings.map(shown).join(' or ')}: type ${ways.map((w) => `${w.form} for ${w.shown}`).join(', or ')}.` }
    }
    return checked(ownMinor, options)
  }
  const meant = others.size > 0 ? ` Did you mean ${[...others.keys()].map((m) => formatAmountInput(m, currency, locale)).join(' or ')}?` : ''
  if (ownReading) return { ok: false, message: (exponent === 0 ? `${currency} has no decimals: type a whole amount, like ${example}.` : `${currency} amounts have at most ${exponent} decimals, like ${example}.`) + meant }
  if (meant) return { ok: false, message: `${localeName(locale)} writes amounts like ${example}.${meant}` }
  return { ok: false, message: `Type the amount like ${example}: ${own.decimal === ',' ? 'a comma' : own.decimal === '.' ? 'a point' : `“${own.decimal}”`} before the decimals, and the digits before it in groups of three or not grouped.` }
}

/** "German (Germany)" for de-DE, in English as the screens are; the tag itself where Intl has no name. */
function localeName(locale: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(locale) ?? locale
  } catch {
    return locale
  }
}

function checked(minor: number, options: AmountOptions): AmountReading {
  if (minor === 0 && !options.allowZero) return { ok: false, message: 'The amount must be above zero.' }
  if (options.forRequest) {
    const problem = moneyRuleProblem(minor, options.currency, options.locale)
    if (problem) return { ok: false, message: problem }
  }
  return { ok: true, minor }
}

/** A currency code or the locale's sign for it, at either end, is allowed ("12,50 €", "GBP 12.50"). */
function stripCurrency(text: string, currency: string): string {
  const signs = new Set([currency, currency.toLowerCase()])
  for (const display of ['symbol', 'narrowSymbol'] as const) {
    try {
      const sign = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: display }).formatToParts(0).find((p) => p.type === 'currency')?.value
      if (sign) signs.add(sign)
    } catch {
      // Not a currency Intl knows: the code alone is allowed.
    }
  }
  let out = text
  for (const sign of signs) {
    if (out.startsWith(sign)) out = out.slice(sign.length).trim()
    if (out.endsWith(sign)) out = out.slice(0, -sign.length).trim()
  }
  return out
}

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

/** Whether the code is an ISO 4217 currency (Checkout.com refuses any other with currency_invalid). */
export const isKnownCurrency = (code: string) => ISO_CURRENCIES.has(code)

/**
 * Why Checkout.com would refuse this amount in one request, or null (API-NOTES section 1): an
 * unknown currency, more than 9 digits in minor units, or a three-decimal currency's amount whose
 * last digit is not 0 (BHD, KWD, OMR... are taken to two decimals).
 */
export function moneyRuleProblem(minor: number, currency: string, locale = 'en-GB'): string | null {
  if (!isKnownCurrency(currency)) return `${currency} is not an ISO 4217 currency code.`
  const shown = (m: number) => `${formatAmountInput(m, currency, locale)} ${currency}`
  if (minor > MAX_REQUEST_MINOR) return `Checkout.com takes at most ${shown(MAX_REQUEST_MINOR)} in one payment or action.`
  if (minorUnitExponent(currency) === 3 && minor % 10 !== 0) return `Checkout.com takes ${currency} to two decimals (the third is always 0): ${shown(minor - (minor % 10))} or ${shown(minor - (minor % 10) + 10)}.`
  return null
}

/**
 * Every amount a search text can mean, for each currency exponent: the locale's reading, and
 * where the text only makes sense the other way round (59.18 typed in de-DE), that one too. A
 * search only finds; it never sends money, so it may look both ways.
 */
export function searchAmounts(text: string, locale: string): { exponent: 0 | 2 | 3; minor: number }[] {
  const typed = normalise(text)
  if (!/^[\d., ']+$/.test(typed) || !/\d/.test(typed)) return []
  const own = localeConvention(locale)
  const found: { exponent: 0 | 2 | 3; minor: number }[] = []
  for (const exponent of [0, 2, 3] as const) {
    const readings = [own, DOT_DECIMAL, COMMA_DECIMAL].map((c) => underConvention(typed, c)).map((r) => r && toMinor(r, exponent))
    const mine = readings[0]
    const values = mine !== null && mine !== undefined ? [mine] : readings.filter((m): m is number => m !== null && m !== undefined)
    for (const minor of new Set(values)) found.push({ exponent, minor })
  }
  return found
}
