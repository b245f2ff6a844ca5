import { describe, expect, it } from 'vitest'
import type { PaymentRequestView } from '../../../src-main/contract'
import { REQUEST_STATES } from '../../../src-main/store/payment-records'
import { receiptText } from '../../../src-renderer/screens/new-payment/receipt'

const request = (extra: Partial<PaymentRequestView>): PaymentRequestView => ({
  id: 'b6a20484-4918-49d3-b4be-7286ecbd9174',
  created_at: '2026-12-06T10:42:00.000Z',
  updated_at: '2026-12-06T10:42:01.000Z',
  requested_by: 'agent',
  customer_id: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa',
  source_kind: 'default',
  source_id: null,
  card_scheme: 'Visa',
  card_last4: '4242',
  amount: 1250,
  currency: 'GBP',
  reference: 'PH-261206-ABCD',
  state: 'approved',
  payment_id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa',
  status: 'Authorized',
  response_code: '10000',
  response_summary: 'Approved',
  auth_code: '123456',
  avs_check: null,
  cvv_check: null,
  redirect_url: null,
  processed_at: '2026-12-06T10:42:01.000Z',
  error: null,
  customer_email: null,
  customer_name: null,
  description: null,
  capture: true,
  ...extra,
})

describe('the phone payment receipt', () => {
  it('says "charged" only for an approved payment that captures', () => {
    for (const state of REQUEST_STATES) {
      for (const capture of [true, false]) {
        const text = receiptText(request({ state, capture }), 'Europe/London', 'en-GB')
        expect(text.includes('(charged)'), `${state} capture=${capture}`).toBe(state === 'approved' && capture)
      }
    }
  })

  it('words each outcome', () => {
    const amount = (extra: Partial<PaymentRequestView>) => receiptText(request(extra), 'Europe/London', 'en-GB').split('\n').find((l) => l.startsWith('Amount'))
    expect(amount({})).toBe('Amount: £12.50 (charged)')
    expect(amount({ capture: false })).toBe('Amount: £12.50 (authorised only: not charged until it is captured)')
    // The issue: a declined payment's receipt said "(charged)".
    expect(amount({ state: 'declined', response_code: '20051', response_summary: 'Insufficient Funds' })).toBe('Amount: £12.50 (not charged)')
    expect(amount({ state: 'pending' })).toBe('Amount: £12.50 (not charged yet: the cardholder must authenticate first)')
    expect(amount({ state: 'unknown' })).toMatch(/not known whether it was charged/)
    expect(receiptText(request({ state: 'declined', response_summary: 'Insufficient Funds' }), 'Europe/London', 'en-GB')).toMatch(/^Payment declined: Insufficient Funds\n/)
    expect(receiptText(request({ state: 'declined' }), 'Europe/London', 'en-GB')).not.toContain('Authorisation code')
    expect(amount({ currency: 'EUR' })!.replace(/\s/g, ' ')).toBe('Amount: €12.50 (charged)')
  })
})
