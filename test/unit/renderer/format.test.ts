import { describe, expect, it } from 'vitest'
import { minorUnitExponent, parseMajorAmount } from '../../../src-main/reference/minor-units'
import { formatMoney } from '../../../src-renderer/lib/format'

describe('money formatting', () => {
  it('uses each currency’s minor units: 0 (JPY), 2 (EUR), 3 (KWD)', () => {
    expect(formatMoney(1050, 'JPY', 'en-GB')).toBe('JP¥1,050')
    expect(formatMoney(1050, 'EUR', 'en-GB')).toBe('€10.50')
    expect(formatMoney(1050, 'KWD', 'en-GB')).toMatch(/^KWD\s1\.050$/)
    expect(formatMoney(5, 'USD', 'en-US')).toBe('$0.05')
  })

  it('parses a typed amount to integer minor units and refuses too many decimals', () => {
    expect(parseMajorAmount('12.5', 'EUR')).toBe(1250)
    expect(parseMajorAmount('12.505', 'KWD')).toBe(12505)
    expect(parseMajorAmount('1200', 'JPY')).toBe(1200)
    expect(parseMajorAmount('12.5', 'JPY')).toBeNull()
    expect(parseMajorAmount('12.345', 'EUR')).toBeNull()
    expect(parseMajorAmount('-1', 'EUR')).toBeNull()
    expect(minorUnitExponent('bhd')).toBe(3)
  })
})
