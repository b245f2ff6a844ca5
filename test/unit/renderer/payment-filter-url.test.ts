import { describe, expect, it } from 'vitest'
import { applyParamChanges } from '../../../src-renderer/lib/param-changes'
import { amountForField, filterFromParams, typedAmountRange, rangeBounds, sortFromParams } from '../../../src-renderer/lib/payment-filter-url'

// Days are cut in the chosen zone, not the machine's: 15:30 on 25 Nov in London is already
// the 26th in Tokyo.
const NOW = new Date('2026-11-25T15:30:00Z')
const LONDON = 'Europe/London'
const TOKYO = 'Asia/Tokyo'

describe('date ranges in the address', () => {
  it('turns today and yesterday into days of the chosen zone', () => {
    const params = new URLSearchParams()
    expect(rangeBounds('today', params, NOW, LONDON)).toEqual({ from: '2026-11-25T00:00:00.000Z' })
    expect(rangeBounds('yesterday', params, NOW, LONDON)).toEqual({ from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' })
    expect(rangeBounds('today', params, NOW, TOKYO)).toEqual({ from: '2026-11-25T15:00:00.000Z' })
    expect(rangeBounds('yesterday', params, NOW, TOKYO)).toEqual({ from: '2026-11-24T15:00:00.000Z', to: '2026-11-25T15:00:00.000Z' })
  })

  it('makes yesterday 25 hours long on the day the London clocks go back', () => {
    const bounds = rangeBounds('yesterday', new URLSearchParams(), new Date('2026-10-26T12:00:00Z'), LONDON)
    expect(bounds).toEqual({ from: '2026-10-24T23:00:00.000Z', to: '2026-10-26T00:00:00.000Z' })
  })

  it('counts 7 and 30 days back from now, the same in every zone', () => {
    expect(rangeBounds('7d', new URLSearchParams(), NOW, TOKYO)).toEqual({ from: new Date(NOW.getTime() - 7 * 86_400_000).toISOString() })
    expect(rangeBounds('30d', new URLSearchParams(), NOW, LONDON)).toEqual({ from: new Date(NOW.getTime() - 30 * 86_400_000).toISOString() })
  })

  it('makes a custom end day inclusive, and ignores a malformed day', () => {
    expect(rangeBounds('custom', new URLSearchParams('from=2026-11-01&to=2026-11-03'), NOW, TOKYO)).toEqual({ from: '2026-10-31T15:00:00.000Z', to: '2026-11-03T15:00:00.000Z' })
    expect(rangeBounds('custom', new URLSearchParams('from=1st of May&to=2026-11-03'), NOW, LONDON)).toEqual({ to: '2026-11-04T00:00:00.000Z' })
    expect(rangeBounds(null, new URLSearchParams(), NOW, LONDON)).toEqual({})
  })
})

describe('the filter read from the address', () => {
  it('reads lists, the outcome and the flag, and leaves out what the API does not have', () => {
    const filter = filterFromParams(new URLSearchParams('status=Declined,Bogus,Voided&currency=EUR&outcome=maybe&flagged=yes&q=%20ORD-1%20'), LONDON, 'en-GB', NOW)
    expect(filter).toEqual({ status: ['Declined', 'Voided'], currency: ['EUR'], flagged: true, q: 'ORD-1', locale: 'en-GB' })
  })

  it('reads amounts in the one selected currency’s minor units, else with two decimals', () => {
    expect(filterFromParams(new URLSearchParams('currency=JPY&min=1000'), LONDON, 'en-GB', NOW)).toMatchObject({ amountMin: 1000 })
    expect(filterFromParams(new URLSearchParams('currency=KWD&min=1.5'), LONDON, 'en-GB', NOW)).toMatchObject({ amountMin: 1500 })
    expect(filterFromParams(new URLSearchParams('currency=GBP&min=12.50&max=abc'), LONDON, 'en-GB', NOW)).toEqual({ currency: ['GBP'], amountMin: 1250 })
    // Without exactly one currency an amount means nothing (1000 is GBP 10.00 and JPY 1,000): not applied.
    expect(filterFromParams(new URLSearchParams('min=12.50'), LONDON, 'en-GB', NOW)).toEqual({})
    expect(filterFromParams(new URLSearchParams('currency=GBP,JPY&min=10'), LONDON, 'en-GB', NOW)).toEqual({ currency: ['GBP', 'JPY'] })
  })

  it('sorts by date, newest first, unless told otherwise; by amount only within one currency', () => {
    expect(sortFromParams(new URLSearchParams())).toEqual({ by: 'date', dir: 'desc' })
    expect(sortFromParams(new URLSearchParams('sort=amount&dir=asc&currency=JPY'))).toEqual({ by: 'amount', dir: 'asc' })
    expect(sortFromParams(new URLSearchParams('sort=amount&dir=asc'))).toEqual({ by: 'date', dir: 'asc' })
    expect(sortFromParams(new URLSearchParams('sort=amount&currency=GBP,JPY'))).toEqual({ by: 'date', dir: 'desc' })
    expect(sortFromParams(new URLSearchParams('sort=name&dir=up'))).toEqual({ by: 'date', dir: 'desc' })
  })
})

describe('a typed amount in the filter bar', () => {
  const problem = (text: string, currencies: string[] | undefined, locale = 'en-GB') => typedAmountRange(text, '', currencies, locale).min.problem
  it('says what is wrong with it, by the currency’s exponent and the locale', () => {
    expect(problem('', undefined)).toBeNull()
    expect(problem('12.50', undefined)).toBe('Choose one currency: an amount is in its units')
    expect(problem('12.50', ['GBP', 'JPY'])).toBe('Choose one currency: an amount is in its units')
    expect(problem('12.50', ['GBP'])).toBeNull()
    expect(problem('12.505', ['GBP'])).toMatch(/at most 2 decimals/)
    expect(problem('12.5', ['JPY'])).toMatch(/JPY has no decimals/)
    expect(problem('12.505', ['KWD'])).toMatch(/could be/)
    expect(problem('abc', ['EUR'])).toMatch(/in digits/)
    expect(problem('12,50', ['EUR'], 'de-DE')).toBeNull()
    expect(problem('12,50', ['GBP'], 'en-GB')).toMatch(/Did you mean 12\.50\?/)
  })

  it('keeps the canonical form in the address, whatever the locale it was typed in', () => {
    expect(typedAmountRange('1.237,5', '2.000', ['EUR'], 'de-DE')).toEqual({ min: { problem: null, canonical: '1237.50' }, max: { problem: null, canonical: '2000.00' } })
    expect(typedAmountRange('0', '', ['JPY'], 'en-GB').min).toEqual({ problem: null, canonical: '0' })
    expect(amountForField('1237.50', ['EUR'], 'de-DE')).toBe('1.237,50')
    expect(amountForField('1237.50', ['EUR'], 'en-GB')).toBe('1,237.50')
  })

  it('refuses a maximum below the minimum at the field', () => {
    expect(typedAmountRange('20', '10', ['GBP'], 'en-GB').max).toEqual({ problem: 'Below the minimum', canonical: null })
    expect(typedAmountRange('10', '20', ['GBP'], 'en-GB').max).toEqual({ problem: null, canonical: '20.00' })
  })
})

describe('changes to the address', () => {
  it('set a value, remove a key on null or empty, and leave the rest', () => {
    const next = applyParamChanges(new URLSearchParams('status=Declined&sort=amount'), { status: null, currency: 'EUR', q: '' })
    expect(next.toString()).toBe('sort=amount&currency=EUR')
  })
})
