import { describe, expect, it } from 'vitest'
import { actionAmount } from '../../../src-renderer/screens/payment-detail/action-amount'

describe('an amount typed in the capture or refund dialog', () => {
  it('is read in the locale the app shows, within the balance', () => {
    expect(actionAmount('', 'EUR', 1000, 'capture', 'en-GB')).toEqual({ minor: null, problem: null })
    expect(actionAmount('10.00', 'EUR', 1000, 'capture', 'en-GB')).toEqual({ minor: 1000, problem: null })
    expect(actionAmount('1000', 'JPY', 1000, 'refund', 'en-GB')).toEqual({ minor: 1000, problem: null })
    expect(actionAmount('1.25', 'KWD', 1250, 'refund', 'en-GB')).toEqual({ minor: 1250, problem: null })
    // The issue: a German refund of 1.237,50 of a 1.250,00 € payment was refused ("like 12.50").
    expect(actionAmount('1.237,50', 'EUR', 125000, 'refund', 'de-DE')).toEqual({ minor: 123750, problem: null })
    expect(actionAmount('12,50', 'EUR', 125000, 'capture', 'de-DE')).toEqual({ minor: 1250, problem: null })
  })

  it('is refused with a sentence before anything is sent', () => {
    const problem = (text: string, currency: string, locale = 'en-GB', available = 1000) => actionAmount(text, currency, available, 'capture', locale).problem
    expect(problem('-5', 'EUR')).toMatch(/minus/)
    expect(problem('1,5', 'EUR')).toMatch(/Did you mean 1\.50\?/)
    expect(problem('1.5', 'JPY')).toMatch(/JPY has no decimals/)
    expect(problem('1.005', 'EUR')).toMatch(/at most 2 decimals/)
    expect(problem('0.00', 'EUR')).toBe('The amount must be above zero.')
    expect(problem('1.250', 'KWD', 'de-DE', 10_000_000)).toMatch(/could be/)
    expect(actionAmount('10.01', 'EUR', 1000, 'refund', 'en-GB').problem).toMatch(/^At most .*10\.00 can be refunded\.$/)
  })
})
