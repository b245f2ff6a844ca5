import { describe, expect, it } from 'vitest'
import { normaliseReference, reconcile, type LineState, type MatchOrder, type MatchPayment } from '../../../src-main/reconciliation/matching'

const order = (id: string, over: Partial<MatchOrder> = {}): MatchOrder => ({ id, reference: `ORD-${id}`, amount: 1000, currency: 'GBP', orderedAt: '2026-11-25T10:00:00Z', status: 'paid', ...over })
const payment = (id: string, over: Partial<MatchPayment> = {}): MatchPayment => ({ id, reference: null, amount: 1000, currency: 'GBP', createdAt: '2026-11-25T10:01:00Z', approved: 1, status: 'Captured', captured: 1000, refunded: 0, paidOut: true, ...over })

/** One table row per state: the day's orders and payments, and the line the engine must make. */
const TABLE: [LineState, MatchOrder[], MatchPayment[], { key: string; difference: number; rule?: string | null; paymentIds?: string[] }][] = [
  ['matched', [order('1')], [payment('pay_a', { reference: 'ORD-1' })], { key: 'o:1', difference: 0, rule: 'reference', paymentIds: ['pay_a'] }],
  ['amount_mismatch', [order('1')], [payment('pay_a', { reference: 'ORD-1', amount: 900, captured: 900 })], { key: 'o:1', difference: -100 }],
  ['currency_mismatch', [order('1')], [payment('pay_a', { reference: 'ORD-1', currency: 'EUR' })], { key: 'o:1', difference: -1000 }],
  ['order_without_payment', [order('1')], [], { key: 'o:1', difference: -1000, rule: null }],
  ['payment_without_order', [], [payment('pay_a', { reference: 'WEB-9' })], { key: 'p:pay_a', difference: 1000 }],
  ['declined_for_paid_order', [order('1')], [payment('pay_a', { reference: 'ORD-1', approved: 0, status: 'Declined', captured: 0 })], { key: 'o:1', difference: -1000 }],
  ['captured_not_paid_out', [order('1')], [payment('pay_a', { reference: 'ORD-1', paidOut: false })], { key: 'o:1', difference: 0 }],
  ['partly_refunded', [order('1')], [payment('pay_a', { reference: 'ORD-1', refunded: 400, status: 'Partially Refunded' })], { key: 'o:1', difference: -400 }],
  ['refunded', [order('1')], [payment('pay_a', { reference: 'ORD-1', refunded: 1000, status: 'Refunded' })], { key: 'o:1', difference: -1000 }],
  // The issue: authorised and never captured showed "Matched"; captured 49.81 of 86.68 showed no difference.
  ['authorised_not_captured', [order('1')], [payment('pay_a', { reference: 'ORD-1', status: 'Authorized', captured: 0, paidOut: true })], { key: 'o:1', difference: -1000 }],
  ['partly_captured', [order('1', { amount: 8668 })], [payment('pay_a', { reference: 'ORD-1', amount: 8668, status: 'Captured', captured: 4981 })], { key: 'o:1', difference: -3687 }],
  // The issue: an expired authorisation and a void read "Declined, order paid".
  ['authorisation_expired', [order('1')], [payment('pay_a', { reference: 'ORD-1', status: 'Expired', captured: 0 })], { key: 'o:1', difference: -1000 }],
  ['voided', [order('1')], [payment('pay_a', { reference: 'ORD-1', status: 'Voided', captured: 0 })], { key: 'o:1', difference: -1000 }],
  ['two_payments_for_one_order', [order('1')], [payment('pay_a', { reference: 'ORD-1' }), payment('pay_b', { reference: 'ORD-1' })], { key: 'o:1', difference: 1000 }],
  // The same reference twice in the shop's file: the second is not "an order without payment".
  ['duplicate_order', [order('1'), order('2', { reference: 'ORD-1' })], [payment('pay_a', { reference: 'ORD-1' })], { key: 'o:2', difference: -1000, rule: null }],
]

describe('the reconciliation engine', () => {
  for (const [state, orders, payments, expected] of TABLE) {
    it(`finds ${state.replaceAll('_', ' ')}`, () => {
      const lines = reconcile(orders, payments)
      const line = lines.find((l) => l.key === expected.key)!
      expect(line).toMatchObject({ state, difference: expected.difference, ...(expected.rule !== undefined ? { rule: expected.rule } : {}), ...(expected.paymentIds ? { paymentIds: expected.paymentIds } : {}) })
      // Nothing else is a difference.
      expect(lines.filter((l) => l.key !== expected.key && l.state !== 'matched')).toEqual([])
    })
  }

  it('says what a "currency differs" line was paid in, and the difference in each currency', () => {
    const [line] = reconcile([order('1', { amount: 8000, currency: 'GBP' })], [payment('pay_a', { reference: 'ORD-1', amount: 9500, currency: 'EUR', captured: 9500, refunded: 500 })])
    // The issue: "Currency differs" showed "-" for what was paid.
    expect(line).toMatchObject({ state: 'currency_mismatch', currency: 'GBP', expected: 8000, actual: 0, difference: -8000, paidInOther: [{ currency: 'EUR', amount: 9000 }] })
  })

  it('finds a capture in a payout that this computer does not have captured', () => {
    const lines = reconcile([], [payment('pay_a', { captured: 0, status: 'Authorized', reference: null, approved: 1 })], undefined, undefined, [{ paymentId: 'pay_zz', payoutId: 'po_1', currency: 'GBP', amount: 500 }])
    expect(lines.find((l) => l.state === 'payout_without_capture')).toMatchObject({ key: 'x:po_1:pay_zz', payoutIds: ['po_1'], difference: 500 })
  })

  it('matches an order paid in two parts to both payments, and a refunded order without a difference', () => {
    const [split] = reconcile([order('1')], [payment('pay_a', { reference: 'ORD-1', amount: 600, captured: 600 }), payment('pay_b', { reference: 'ORD-1', amount: 400, captured: 400 })])
    expect(split).toMatchObject({ state: 'matched', paymentIds: ['pay_a', 'pay_b'], actual: 1000 })
    const [refunded] = reconcile([order('1', { status: 'Refunded' })], [payment('pay_a', { reference: 'ORD-1', refunded: 1000, status: 'Refunded' })])
    expect(refunded!.state).toBe('matched')
  })

  it('matches by normalised reference, then by amount and time, each line saying which rule', () => {
    const orders = [order('1', { reference: ' order-ABC 17 ' }), order('2', { reference: 'SHOP-2', amount: 2500, orderedAt: '2026-11-25T12:00:00Z' })]
    const payments = [
      payment('pay_a', { reference: 'abc17' }),
      // Same amount: the nearer in time wins; one outside the window never matches.
      payment('pay_far', { amount: 2500, captured: 2500, createdAt: '2026-11-25T13:00:00Z' }),
      payment('pay_near', { amount: 2500, captured: 2500, createdAt: '2026-11-25T12:04:00Z' }),
      payment('pay_mid', { amount: 2500, captured: 2500, createdAt: '2026-11-25T12:20:00Z' }),
    ]
    const lines = reconcile(orders, payments)
    expect(lines.find((l) => l.key === 'o:1')).toMatchObject({ state: 'matched', rule: 'normalised_reference', paymentIds: ['pay_a'] })
    expect(lines.find((l) => l.key === 'o:2')).toMatchObject({ state: 'matched', rule: 'amount_and_time', paymentIds: ['pay_near'] })
    expect(lines.filter((l) => l.state === 'payment_without_order').map((l) => l.paymentIds[0]).sort()).toEqual(['pay_far', 'pay_mid'])
    expect(normaliseReference('#Order-77 ', { prefixes: ['#', 'order-'], suffixes: [] })).toBe('77')
  })

  it('follows links and unlinks made by hand before any rule', () => {
    const orders = [order('1'), order('2', { reference: 'X-2' })]
    const payments = [payment('pay_a', { reference: 'ORD-1' }), payment('pay_b', { reference: 'nothing-alike' })]
    const lines = reconcile(orders, payments, undefined, { links: [{ orderId: '2', paymentId: 'pay_b' }], unlinks: [{ orderId: '1', paymentId: 'pay_a' }] })
    expect(lines.find((l) => l.key === 'o:2')).toMatchObject({ state: 'matched', rule: 'manual', paymentIds: ['pay_b'] })
    expect(lines.find((l) => l.key === 'o:1')!.state).toBe('order_without_payment')
    expect(lines.find((l) => l.key === 'p:pay_a')!.state).toBe('payment_without_order')
  })
})
