import { describe, expect, it } from 'vitest'
import { amountError } from '../../../src-renderer/screens/payment-detail/action-amount'

describe('an amount typed in the capture or refund dialog', () => {
  it('is accepted within the balance, in the currency’s minor units', () => {
    expect(amountError('', 'EUR', 1000, 'capture')).toBeNull()
    expect(amountError('10.00', 'EUR', 1000, 'capture')).toBeNull()
    expect(amountError('1000', 'JPY', 1000, 'refund')).toBeNull()
    expect(amountError('1.000', 'KWD', 1000, 'refund')).toBeNull()
  })

  it('is refused with a sentence before anything is sent', () => {
    expect(amountError('-5', 'EUR', 1000, 'capture')).toBe('Enter a positive number, like 12.50.')
    expect(amountError('1,5', 'EUR', 1000, 'capture')).toBe('Enter a positive number, like 12.50.')
    expect(amountError('1.5', 'JPY', 1000, 'capture')).toBe('JPY has no minor units: enter a whole number.')
    expect(amountError('1.005', 'EUR', 1000, 'capture')).toBe('EUR amounts have at most 2 decimals.')
    expect(amountError('0.00', 'EUR', 1000, 'capture')).toBe('The amount must be above zero.')
    expect(amountError('10.01', 'EUR', 1000, 'refund')).toMatch(/^At most .*10\.00 can be refunded\.$/)
  })
})
