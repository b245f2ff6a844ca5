import { describe, expect, it } from 'vitest'
import { formatAmountInput, moneyRuleProblem, readAmount, searchAmounts } from '../../../src-main/reference/amount-input'

type Row = [text: string, locale: string, currency: string, expected: number | RegExp]

// Each row: what a person types, the locale the app shows, the currency, and the minor units
// read (or the words of the refusal). The cases the money-entry issue found are marked.
const ROWS: Row[] = [
  // German: comma before the decimals, points between groups of three.
  ['12,50', 'de-DE', 'EUR', 1250], // issue: charged 1,250.00
  ['12,50', 'de-DE', 'GBP', 1250],
  ['1.237,50', 'de-DE', 'EUR', 123750], // issue: refused in the refund dialog
  ['1.250,00', 'de-DE', 'EUR', 125000],
  ['1.250', 'de-DE', 'EUR', 125000],
  ['1250', 'de-DE', 'EUR', 125000],
  ['12,50 €', 'de-DE', 'EUR', 1250],
  ['12.50', 'de-DE', 'EUR', /Did you mean 12,50\?/],
  ['1,250.00', 'de-DE', 'EUR', /Did you mean 1\.250,00\?/],
  ['12,505', 'de-DE', 'EUR', /at most 2 decimals/],
  ['1.25,00', 'de-DE', 'EUR', /groups of three/],
  // British English: point before the decimals, commas between groups of three.
  ['12.50', 'en-GB', 'GBP', 1250],
  ['1,250.00', 'en-GB', 'GBP', 125000],
  ['1,250', 'en-GB', 'GBP', 125000],
  ['£12.50', 'en-GB', 'GBP', 1250],
  ['GBP 12.50', 'en-GB', 'GBP', 1250],
  ['12,50', 'en-GB', 'GBP', /Did you mean 12\.50\?/], // issue: charged 1,250.00
  ['1.250,00', 'en-GB', 'GBP', /Did you mean 1,250\.00\?/],
  ['1.250', 'en-GB', 'GBP', /Did you mean 1,250\.00\?/],
  ['1,2,3', 'en-GB', 'GBP', /groups of three/],
  ['12.5.0', 'en-GB', 'GBP', /groups of three/],
  // Zero-decimal currencies: a mark is a grouping or nothing.
  ['1500', 'en-GB', 'JPY', 1500],
  ['1,500', 'en-GB', 'JPY', 1500],
  ['1.500', 'de-DE', 'JPY', 1500],
  ['15.50', 'en-GB', 'JPY', /JPY has no decimals/],
  ['1,5', 'de-DE', 'JPY', /JPY has no decimals/],
  // Three-decimal currencies: a single mark before three digits reads both ways, in every locale.
  ['1.250', 'en-GB', 'KWD', /could be 1\.250 KWD or 1,250\.000 KWD: type 1\.25 for 1\.250 KWD, or 1250 for 1,250\.000 KWD/],
  ['1.250', 'de-DE', 'KWD', /could be 1,250 KWD or 1\.250,000 KWD/],
  ['1,250', 'en-GB', 'KWD', /could be/],
  ['1,250', 'de-DE', 'KWD', /could be/],
  ['1.25', 'en-GB', 'KWD', 1250],
  ['1,25', 'de-DE', 'KWD', 1250],
  ['1,250.500', 'en-GB', 'KWD', 1250500],
  ['1.250,500', 'de-DE', 'KWD', 1250500],
  ['22.121', 'en-GB', 'KWD', /could be/],
  // Other ways of writing numbers.
  ['1 250,50', 'fr-FR', 'EUR', 125050],
  ['1\u202f250,50', 'fr-FR', 'EUR', 125050],
  ["1'250.50", 'de-CH', 'CHF', 125050],
  ['12,34,567.50', 'en-IN', 'INR', 123456750],
  // Not an amount.
  ['', 'en-GB', 'GBP', /Type the amount\./],
  ['abc', 'en-GB', 'GBP', /in digits/],
  ['-12.50', 'en-GB', 'GBP', /minus/],
  ['0', 'en-GB', 'GBP', /above zero/],
  ['0,00', 'de-DE', 'EUR', /above zero/],
]

describe('readAmount: what a person types, read in the locale the app shows', () => {
  it.each(ROWS)('%j in %s (%s)', (text, locale, currency, expected) => {
    const reading = readAmount(text, { locale, currency, forRequest: true })
    if (typeof expected === 'number') expect(reading).toEqual({ ok: true, minor: expected })
    else {
      expect(reading.ok).toBe(false)
      expect(reading.ok ? '' : reading.message).toMatch(expected)
    }
  })

  it('never reads a refused text as an amount: every refusal names a reading that the locale reads back exactly', () => {
    for (const [text, locale, currency, expected] of ROWS) {
      const reading = readAmount(text, { locale, currency })
      if (reading.ok || typeof expected === 'number') continue
      const suggested = /Did you mean ([^?]+)\?/.exec(reading.message)?.[1]
      if (!suggested) continue
      expect(readAmount(suggested, { locale, currency }).ok, `${text} -> ${suggested} in ${locale}`).toBe(true)
    }
  })

  it('takes zero where the field allows it (a filter minimum)', () => {
    expect(readAmount('0', { locale: 'en-GB', currency: 'GBP', allowZero: true })).toEqual({ ok: true, minor: 0 })
  })

  it('reads back what formatAmountInput writes, in every locale and exponent', () => {
    for (const locale of ['en-GB', 'de-DE', 'fr-FR', 'de-CH', 'en-IN', 'ja-JP']) {
      for (const [minor, currency] of [[1250, 'GBP'], [123456789, 'EUR'], [1500, 'JPY'], [1250500, 'KWD'], [120, 'KWD']] as const) {
        const text = formatAmountInput(minor, currency, locale)
        const reading = readAmount(text, { locale, currency })
        // A three-decimal amount under 1 000 ("0,120") is the one form that reads both ways.
        if (currency === 'KWD' && minor < 1_000_000) expect(reading.ok).toBe(false)
        else expect(reading, `${text} in ${locale}`).toEqual({ ok: true, minor })
      }
    }
  })
})

describe('moneyRuleProblem: what Checkout.com refuses in one request', () => {
  it('refuses more than 9 digits in minor units', () => {
    expect(moneyRuleProblem(999_999_999, 'GBP')).toBeNull()
    expect(moneyRuleProblem(1_000_000_000, 'GBP')).toMatch(/at most 9,999,999\.99 GBP/)
    expect(readAmount('10000000', { locale: 'en-GB', currency: 'GBP', forRequest: true }).ok).toBe(false)
    expect(readAmount('10000000', { locale: 'en-GB', currency: 'GBP' })).toEqual({ ok: true, minor: 1_000_000_000 })
  })

  it('refuses a three-decimal amount whose last digit is not 0, naming the two nearest', () => {
    expect(moneyRuleProblem(22120, 'KWD')).toBeNull()
    expect(moneyRuleProblem(22121, 'KWD')).toMatch(/22\.120 KWD or 22\.130 KWD/)
    expect(readAmount('1,234.565', { locale: 'en-GB', currency: 'KWD', forRequest: true })).toMatchObject({ ok: false })
  })

  it('refuses a currency ISO 4217 does not have', () => {
    expect(moneyRuleProblem(100, 'XXQ')).toMatch(/not an ISO 4217/)
    expect(readAmount('1.00', { locale: 'en-GB', currency: 'ABC', forRequest: true })).toMatchObject({ ok: false })
  })
})

describe('searchAmounts: the amounts a search text may mean', () => {
  it('finds 59,18 in German and 59.18 in English as 5918 in two-decimal currencies', () => {
    expect(searchAmounts('59,18', 'de-DE')).toContainEqual({ exponent: 2, minor: 5918 })
    expect(searchAmounts('59.18', 'en-GB')).toContainEqual({ exponent: 2, minor: 5918 })
    expect(searchAmounts('59.18', 'de-DE')).toContainEqual({ exponent: 2, minor: 5918 })
  })

  it('reads 1,050 as grouped in English (1,050 yen, 1,050.00) and as decimals in German (1,050 KWD)', () => {
    expect(searchAmounts('1,050', 'en-GB')).toEqual([
      { exponent: 0, minor: 1050 },
      { exponent: 2, minor: 105000 },
      { exponent: 3, minor: 1050000 },
    ])
    expect(searchAmounts('1,050', 'de-DE')).toContainEqual({ exponent: 3, minor: 1050 })
  })

  it('finds nothing in text that is not a number', () => {
    expect(searchAmounts('ORD-12', 'en-GB')).toEqual([])
    expect(searchAmounts(',', 'en-GB')).toEqual([])
  })
})
