import { describe, expect, it } from 'vitest'
import { reconcile, type LineState, type MatchOrder, type MatchPayment } from '../../../src-main/reconciliation/matching'
import { randomInt, seededRandom } from '../../../src-main/simulator/random'

// Property: on a generated day where every order was paid exactly, then differences are
// injected at random (an order missing, a payment missing, an amount changed, a payment taken
// twice, a refund after the order closed), the engine reports every injected difference, with
// its state and amount, and nothing else.

function day(seed: number) {
  const random = seededRandom(seed)
  const payments: MatchPayment[] = []
  const orders: MatchOrder[] = []
  const count = randomInt(random, 50, 400)
  for (let i = 0; i < count; i++) {
    const amount = randomInt(random, 100, 50_000)
    const currency = ['GBP', 'EUR', 'USD', 'JPY'][randomInt(random, 0, 3)]!
    const at = new Date(Date.UTC(2026, 10, 25, 0, 0, 0) + randomInt(random, 0, 86_399) * 1000).toISOString()
    const reference = `ORD-${seed}-${i}`
    payments.push({ id: `pay_${seed}_${i}`, reference, amount, currency, createdAt: at, approved: 1, status: 'Captured', captured: amount, refunded: 0, paidOut: true })
    orders.push({ id: String(i), reference, amount, currency, orderedAt: at, status: 'paid' })
  }
  const injected = new Map<string, { state: LineState; difference: number }>()
  const untouched = () => {
    for (;;) {
      const i = randomInt(random, 0, count - 1)
      if (!injected.has(`o:${i}`) && !injected.has(`p:pay_${seed}_${i}`) && orders[i] && payments.find((p) => p.id === `pay_${seed}_${i}`)) return i
    }
  }
  for (let n = randomInt(random, 1, 5); n > 0; n--) {
    const i = untouched()
    const kind = randomInt(random, 0, 4)
    const p = payments.find((x) => x.id === `pay_${seed}_${i}`)!
    const o = orders[i]!
    if (kind === 0) {
      // The shop never recorded the order.
      orders[i] = undefined as unknown as MatchOrder
      injected.set(`p:${p.id}`, { state: 'payment_without_order', difference: p.amount })
    } else if (kind === 1) {
      payments.splice(payments.indexOf(p), 1)
      injected.set(`o:${i}`, { state: 'order_without_payment', difference: -o.amount })
    } else if (kind === 2) {
      o.amount += 7
      injected.set(`o:${i}`, { state: 'amount_mismatch', difference: -7 })
    } else if (kind === 3) {
      payments.push({ ...p, id: `${p.id}_again`, createdAt: new Date(Date.parse(p.createdAt) + 60_000).toISOString() })
      injected.set(`o:${i}`, { state: 'two_payments_for_one_order', difference: p.amount })
    } else {
      p.refunded = Math.max(1, Math.floor(p.amount / 2))
      p.status = 'Partially Refunded'
      injected.set(`o:${i}`, { state: 'partly_refunded', difference: -p.refunded })
    }
  }
  return { orders: orders.filter(Boolean), payments, injected }
}

describe('the reconciliation engine on generated days', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`finds every injected difference and nothing else (day ${seed})`, () => {
      const { orders, payments, injected } = day(seed)
      const found = new Map(reconcile(orders, payments).filter((l) => l.state !== 'matched').map((l) => [l.key, { state: l.state, difference: l.difference }]))
      expect(found).toEqual(injected)
    })
  }
})
