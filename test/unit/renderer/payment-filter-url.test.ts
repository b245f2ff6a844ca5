import { describe, expect, it } from 'vitest'
import { applyParamChanges } from '../../../src-renderer/lib/param-changes'
import { amountProblem, amountRangeProblems, filterFromParams, rangeBounds, sortFromParams } from '../../../src-renderer/lib/payment-filter-url'

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
    const filter = filterFromParams(new URLSearchParams('status=Declined,Bogus,Voided&currency=EUR&outcome=maybe&flagged=yes&q=%20ORD-1%20'), LONDON, NOW)
    expect(filter).toEqual({ status: ['Declined', 'Voided'], currency: ['EUR'], flagged: true, q: 'ORD-1' })
  })

  it('reads amounts in the one selected currency’s minor units, else with two decimals', () => {
    expect(filterFromParams(new URLSearchParams('currency=JPY&min=1000'), LONDON, NOW)).toMatchObject({ amountMin: 1000 })
    expect(filterFromParams(new URLSearchParams('currency=KWD&min=1.5'), LONDON, NOW)).toMatchObject({ amountMin: 1500 })
    expect(filterFromParams(new URLSearchParams('currency=GBP&min=12.50&max=abc'), LONDON, NOW)).toEqual({ currency: ['GBP'], amountMin: 1250 })
    // Without exactly one currency an amount means nothing (1000 is GBP 10.00 and JPY 1,000): not applied.
    expect(filterFromParams(new URLSearchParams('min=12.50'), LONDON, NOW)).toEqual({})
    expect(filterFromParams(new URLSearchParams('currency=GBP,JPY&min=10'), LONDON, NOW)).toEqual({ currency: ['GBP', 'JPY'] })
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
  it('says what is wrong with it, by the currency’s exponent', () => {
    expect(amountProblem('', undefined)).toBeNull()
    expect(amountProblem('12.50', undefined)).toBe('Choose one currency: an amount is in its units')
    expect(amountProblem('12.50', ['GBP', 'JPY'])).toBe('Choose one currency: an amount is in its units')
    expect(amountProblem('12.50', ['GBP'])).toBeNull()
    expect(amountProblem('12.505', ['GBP'])).toBe('Use a number with up to 2 decimals')
    expect(amountProblem('12.5', ['JPY'])).toBe('JPY amounts have no decimals')
    expect(amountProblem('12.505', ['KWD'])).toBeNull()
    expect(amountProblem('abc', ['EUR'])).toBe('Use a number with up to 2 decimals')
  })

  it('refuses a maximum below the minimum at the field', () => {
    expect(amountRangeProblems('20', '10', ['GBP'])).toEqual({ min: null, max: 'Below the minimum' })
    expect(amountRangeProblems('10', '20', ['GBP'])).toEqual({ min: null, max: null })
    expect(amountRangeProblems('abc', '10', ['GBP'])).toEqual({ min: 'Use a number with up to 2 decimals', max: null })
  })
})

describe('changes to the address', () => {
  it('set a value, remove a key on null or empty, and leave the rest', () => {
    const next = applyParamChanges(new URLSearchParams('status=Declined&sort=amount'), { status: null, currency: 'EUR', q: '' })
    expect(next.toString()).toBe('sort=amount&currency=EUR')
  })
})
