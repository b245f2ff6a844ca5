import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minorUnitExponent } from '../../../src-main/reference/minor-units'
import { startSimulator } from '../../../src-main/simulator/server'
import { PREVIOUS_PLATFORM_KEY, startTestSimulator } from '../../fixtures/simulator-client'

const END = Date.parse('2026-11-01T00:00:00Z')
const seed = { count: 3000, days: 30, seed: 11, endAt: END }

let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator({ seed, secretKey: PREVIOUS_PLATFORM_KEY })))
afterAll(() => t.close())

/** "12.34" -> 1234 for a 2-decimal currency; never through a float. */
function toMinor(text: string, currency: string): number {
  const exponent = minorUnitExponent(currency)
  const negative = text.startsWith('-')
  const [whole, fraction = ''] = text.replace('-', '').split('.')
  expect(fraction.length).toBe(exponent)
  const value = Number(whole) * 10 ** exponent + Number(fraction || '0')
  return negative ? -value : value
}

async function allReportPages(query: string) {
  const items: any[] = []
  let next: string | undefined = `/reporting/payments?${query}`
  let pages = 0
  while (next) {
    const page = await t.api('GET', next)
    expect(page.status).toBe(200)
    items.push(...page.body.data)
    pages++
    next = page.body._links.next ? new URL(page.body._links.next.href).pathname + new URL(page.body._links.next.href).search : undefined
  }
  return { items, pages }
}

describe('the seeded history', () => {
  it('is deterministic for a seed number', async () => {
    const other = await startSimulator({ seed, randomSeed: 99 })
    try {
      const ours = t.sim.ctx.state
      expect(other.ctx.state.paymentOrder).toEqual(ours.paymentOrder)
      const sample = ours.paymentOrder.slice(0, 50).map((id) => ours.payments[id])
      expect(other.ctx.state.paymentOrder.slice(0, 50).map((id) => other.ctx.state.payments[id])).toEqual(sample)
    } finally {
      await other.close()
    }
  })

  it('looks like a merchant: approvals, soft and hard declines, 3DS, flags, checks, several currencies and states', () => {
    const payments = Object.values(t.sim.ctx.state.payments)
    expect(payments.length).toBe(3000)
    const share = (f: (p: (typeof payments)[number]) => boolean) => payments.filter(f).length / payments.length
    expect(share((p) => p.approved === true)).toBeGreaterThan(0.8)
    expect(share((p) => p.approved === true)).toBeLessThan(0.95)
    expect(share((p) => p.response_code?.startsWith('20') ?? false)).toBeGreaterThan(0.04)
    expect(share((p) => p.response_code?.startsWith('30') ?? false)).toBeGreaterThan(0.002)
    expect(share((p) => p.risk_flagged)).toBeGreaterThan(0.003)
    expect(share((p) => p.threeDs !== undefined)).toBeGreaterThan(0.05)
    expect(share((p) => p.avs_check === 'N')).toBeGreaterThan(0.01)
    expect(share((p) => p.cvv_check === 'D')).toBeGreaterThan(0.001)
    expect(new Set(payments.map((p) => p.currency))).toEqual(new Set(['GBP', 'EUR', 'USD', 'JPY', 'KWD']))
    expect(new Set(payments.map((p) => p.payment_type))).toEqual(new Set(['Regular', 'MOTO', 'Recurring']))
    const statuses = new Set(payments.map((p) => p.status))
    for (const status of ['Captured', 'Authorized', 'Declined', 'Voided', 'Refunded', 'Partially Refunded', 'Partially Captured']) expect(statuses).toContain(status)
    expect(payments.every((p) => Date.parse(p.requested_on) < END && Date.parse(p.requested_on) >= END - 30 * 86_400_000)).toBe(true)
    // Days are not uniform noise: weekends are quieter than weekdays.
    const byWeekday = new Array(7).fill(0)
    for (const p of payments) byWeekday[new Date(p.requested_on).getUTCDay()]++
    expect(byWeekday[0]).toBeLessThan(byWeekday[5])
  })
})

describe('reconciliation reports', () => {
  it('pages through every payment in a range exactly once, and gross + fees = net for each', async () => {
    const from = new Date(END - 10 * 86_400_000).toISOString()
    const to = new Date(END - 3 * 86_400_000).toISOString()
    const { items, pages } = await allReportPages(`from=${from}&to=${to}&limit=97`)
    const expected = t.sim.ctx.state.paymentOrder.filter((id) => {
      const at = Date.parse(t.sim.ctx.state.payments[id]!.requested_on)
      return at >= Date.parse(from) && at < Date.parse(to)
    })
    expect(items.map((i) => i.id)).toEqual(expected)
    expect(pages).toBe(Math.ceil(expected.length / 97) + (expected.length % 97 === 0 ? 1 : 0))
    for (const item of items) {
      const stored = t.sim.ctx.state.payments[item.id]!
      const captured = stored.actions.filter((a) => a.type === 'Capture').reduce((s, a) => s + a.amount, 0)
      const refunded = stored.actions.filter((a) => a.type === 'Refund').reduce((s, a) => s + a.amount, 0)
      const gross = item.actions.flatMap((a: any) => a.breakdown).filter((b: any) => b.type === 'Gross').reduce((s: number, b: any) => s + toMinor(b.processing_currency_amount, item.processing_currency), 0)
      expect(gross).toBe(captured - refunded)
    }
  })

  it('statements pay out each day’s net, equal to the sum of that day’s breakdowns', async () => {
    const from = new Date(END - 5 * 86_400_000).toISOString()
    const to = new Date(END).toISOString()
    const statements = await t.api('GET', `/reporting/statements?from=${from}&to=${to}`)
    expect(statements.body.count).toBeGreaterThanOrEqual(4)
    const { items } = await allReportPages(`from=${new Date(END - 40 * 86_400_000).toISOString()}&to=${to}&limit=500`)
    const expected = new Map<string, number>()
    for (const item of items)
      for (const action of item.actions)
        for (const line of action.breakdown) {
          if (line.date < from || line.date >= to) continue
          const key = `${line.date.slice(0, 10)} ${item.processing_currency}`
          expected.set(key, (expected.get(key) ?? 0) + toMinor(line.processing_currency_amount, item.processing_currency))
        }
    const paid = new Map<string, number>()
    for (const statement of statements.body.data)
      for (const payout of statement.payouts) {
        expect(payout.net_amount).toBe(payout.current_period_amount)
        paid.set(`${statement.period_start.slice(0, 10)} ${payout.currency}`, toMinor(payout.net_amount, payout.currency))
      }
    expect(paid).toEqual(expected)
  })

  it('refuses a bad pagination token or range', async () => {
    expect((await t.api('GET', '/reporting/payments?pagination_token=nope')).body.error_codes).toEqual(['pagination_token_invalid'])
    expect((await t.api('GET', '/reporting/payments?limit=501')).body.error_codes).toEqual(['limit_invalid'])
    expect((await t.api('GET', '/reporting/statements?from=2026-01-02&to=2026-01-01')).body.error_codes).toEqual(['date_range_invalid'])
  })

  it('finds one payment’s report, and payments by reference', async () => {
    const id = t.sim.ctx.state.paymentOrder[100]!
    const reference = t.sim.ctx.state.payments[id]!.reference!
    expect((await t.api('GET', `/reporting/payments/${id}`)).body.data[0].id).toBe(id)
    const list = await t.api('GET', `/payments?reference=${encodeURIComponent(reference)}&limit=5`)
    expect(list.body).toMatchObject({ limit: 5, skip: 0, total_count: 1, data: [{ id, reference }] })
  })
})

describe('persistence', () => {
  it('keeps the state in a file and reads it back at start', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'paydesk-sim-state-')), 'state.json')
    const first = await startSimulator({ statePath, seed: { count: 50, days: 5, seed: 2, endAt: END } })
    await first.close()
    const second = await startSimulator({ statePath })
    try {
      expect(second.ctx.state.paymentOrder).toEqual(first.ctx.state.paymentOrder)
    } finally {
      await second.close()
    }
  })

  it('writes a change as a journal line, not a new snapshot, and replays it after a crash', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'paydesk-sim-state-')), 'state.json')
    const first = await startSimulator({ statePath, seed: { count: 2000, days: 20, seed: 3, endAt: END }, secretKey: PREVIOUS_PLATFORM_KEY })
    await first.close()
    const snapshot = statSync(statePath)
    const sim = await startSimulator({ statePath, secretKey: PREVIOUS_PLATFORM_KEY })
    const headers = { authorization: PREVIOUS_PLATFORM_KEY, 'content-type': 'application/json' }
    const paid = (await (await fetch(`${sim.url}/payments`, { method: 'POST', headers, body: JSON.stringify({ source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2031, cvv: '100' }, amount: 777, currency: 'GBP', capture: false, customer: { email: 'journal@example.com' } }) })).json()) as { id: string }
    await fetch(`${sim.url}/payments/${paid.id}/captures`, { method: 'POST', headers, body: JSON.stringify({ amount: 500 }) })
    await new Promise((r) => setTimeout(r, 400)) // the journal's flush
    // The snapshot is untouched; the journal holds a few lines (the payment, its card, customer…), not the history.
    expect(statSync(statePath).mtimeMs).toBe(snapshot.mtimeMs)
    const journal = readFileSync(`${statePath}.log`, 'utf8').trim().split('\n')
    expect(journal.length).toBeLessThan(12)
    expect(journal.join('').length).toBeLessThan(snapshot.size / 20)
    // A crash (no close, no final flush), a torn line at the end: everything flushed stands.
    appendFileSync(`${statePath}.log`, '{"k":"payment","id":"pay_torn","v":{')
    const copy = structuredClone(sim.ctx.state.payments[paid.id])
    const again = await startSimulator({ statePath, secretKey: PREVIOUS_PLATFORM_KEY })
    try {
      expect(again.ctx.state.payments[paid.id]).toEqual(copy)
      expect(again.ctx.state.payments[paid.id]!.status).toBe('Partially Captured')
      expect(again.ctx.state.paymentOrder.length).toBe(sim.ctx.state.paymentOrder.length)
      expect(again.ctx.state.paymentOrder.at(-1)).toBe(paid.id)
      expect(again.ctx.state.customers[again.ctx.state.payments[paid.id]!.customerId!]!.email).toBe('journal@example.com')
    } finally {
      await again.close()
      await sim.close()
    }
  })
})
