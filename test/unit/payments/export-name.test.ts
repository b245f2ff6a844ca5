import { describe, expect, it } from 'vitest'
import { exportFileName } from '../../../src-main/payments/export-name'

const now = new Date('2026-11-29T14:05:09Z')

describe('an export’s file name', () => {
  it('says what it holds and when, so a second export never replaces the first', () => {
    expect(exportFileName({}, now, 'UTC')).toBe('paydesk-payments-2026-11-29-140509.csv')
    expect(exportFileName({ outcome: 'declined', currency: ['GBP', 'EUR'] }, now, 'UTC')).toBe('paydesk-payments-2026-11-29-140509-declined-GBP-EUR.csv')
    expect(exportFileName({ from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z', flagged: true }, now, 'UTC')).toBe('paydesk-payments-2026-11-29-140509-2026-11-01_to_2026-11-07-flagged.csv')
    expect(exportFileName({}, new Date('2026-11-29T14:05:10Z'), 'UTC')).not.toBe(exportFileName({}, now, 'UTC'))
  })

  it('names the days and time of the zone the dates are written in', () => {
    // 1 to 7 November in Tokyo, exported at 23:05 there.
    expect(exportFileName({ from: '2026-10-31T15:00:00Z', to: '2026-11-07T15:00:00Z' }, now, 'Asia/Tokyo')).toBe('paydesk-payments-2026-11-29-230509-2026-11-01_to_2026-11-07.csv')
  })

  it('keeps only file-safe characters and a sane length', () => {
    const name = exportFileName({ q: '../../etc/passwd "x" <y>', status: ['Partially Refunded'] }, now, 'UTC')
    expect(name).toMatch(/^paydesk-payments-2026-11-29-140509-[A-Za-z0-9_.-]+\.csv$/)
    expect(name).not.toContain('/')
    expect(exportFileName({ q: 'x'.repeat(500) }, now, 'UTC').length).toBeLessThan(130)
  })
})
