import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CheckoutClient } from '../../../src-main/checkout/client'
import { decimalToMinor } from '../../../src-main/checkout/decimal-amount'
import { CheckoutError } from '../../../src-main/checkout/errors'
import { idempotencyKeyFor, newActionId } from '../../../src-main/checkout/idempotency'
import { memoryLogger } from '../../../src-main/logger'
import { PREVIOUS_PLATFORM_KEY } from '../../fixtures/simulator-client'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator/server'

let sim: RunningSimulator
let client: CheckoutClient
const logger = memoryLogger()
const sleeps: number[] = []

beforeAll(async () => {
  sim = await startSimulator({ randomSeed: 3, faults: { timeoutMs: 3000, retryAfterSeconds: 2 } })
  client = new CheckoutClient({
    baseUrl: sim.url,
    secretKey: sim.secretKey,
    publicKey: sim.publicKey,
    logger,
    headersTimeoutMs: 300,
    bodyTimeoutMs: 300,
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
    sleep: async (ms) => {
      sleeps.push(ms)
    },
  })
})
afterAll(async () => {
  await client.close()
  await sim.close()
})
beforeEach(() => {
  sleeps.length = 0
  sim.setFaults({})
})

const card = { type: 'card' as const, number: '4242424242424242', expiry_month: 12, expiry_year: 2031, cvv: '100' }
const expectCode = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(CheckoutError)
  expect((error as CheckoutError).code).toBe(code)
  return error as CheckoutError
}

describe('the Checkout.com client against the simulator', () => {
  it('makes, reads, captures, refunds and voids payments, every answer parsed', async () => {
    const paid = await client.createPayment(newActionId(), { source: card, amount: 5000, currency: 'EUR', capture: false, reference: 'ORD-1', customer: { email: 'c1@example.com' } })
    expect(paid).toMatchObject({ status: 'Authorized', approved: true, source: { last4: '4242' } })
    const details = await client.getPayment(paid.id)
    expect(details).toMatchObject({ id: paid.id, amount: 5000, currency: 'EUR', balances: { available_to_capture: 5000 } })
    expect((await client.capture(newActionId(), paid.id, { amount: 3000 })).action_id).toMatch(/^act_/)
    expect((await client.refund(newActionId(), paid.id, { amount: 1000, reference: 'R1' })).reference).toBe('R1')
    const actions = await client.getPaymentActions(paid.id)
    expect(actions.map((a) => a.type)).toEqual(['Refund', 'Capture', 'Authorization'])
    expect((await client.listPaymentsByReference('ORD-1')).data.map((p) => p.id)).toContain(paid.id)
    const other = await client.createPayment(newActionId(), { source: card, amount: 700, currency: 'EUR', capture: false })
    expect((await client.void(newActionId(), other.id)).action_id).toMatch(/^act_/)
    const token = await client.createCardToken(newActionId(), { number: '5436031030606378', expiry_month: 1, expiry_year: 2030, cvv: '257' })
    expect(token.token).toMatch(/^tok_/)
    const customer = await client.getCustomer('c1@example.com')
    expect(customer.instruments?.[0]?.id).toBe(details.source?.id)
    expect((await client.getInstrument(details.source!.id!)).last4).toBe('4242')
    // Fees: the payment's financial actions now; its report files once the day is over.
    const fees = await client.financialActions(paid.id)
    expect(fees.data.map((a) => a.action_type).sort()).toEqual(['Authorization', 'Capture', 'Refund'])
    const gross = fees.data.find((a) => a.action_type === 'Capture')!.breakdown.find((b) => b.breakdown_type === 'Gross')!
    expect(decimalToMinor(gross.processing_currency_amount.toFixed(2), 'EUR')).toBe(3000)
    sim.advanceClock(3 * 86_400_000)
    const reports = await client.listReports({ createdAfter: '2020-01-01T00:00:00Z' })
    expect(new Set(reports.data.map((r) => r.type))).toEqual(new Set(['FinancialActions', 'FinancialActionsByPayoutId', 'Payouts']))
    const daily = reports.data.find((r) => r.type === 'FinancialActions')!
    let csv = ''
    for await (const chunk of await client.reportFile(daily.id, daily.files[0]!.id)) csv += String(chunk)
    expect(csv.split('\n')[0]).toContain('Action ID')
    expect(csv).toContain(paid.id)
    await expectCode(client.reportFile(daily.id, 'file_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'not_found')
  })

  it('reads the previous platform’s reconciliation report with a previous-platform key', async () => {
    const previous = await startSimulator({ randomSeed: 4, secretKey: PREVIOUS_PLATFORM_KEY, seed: { count: 30, days: 3, seed: 2 } })
    const old = new CheckoutClient({ baseUrl: previous.url, secretKey: PREVIOUS_PLATFORM_KEY, retry: { attempts: 1 } })
    try {
      expect(old.platform).toBe('previous')
      const page = await old.reportPage({ from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 1 })
      expect(page.count).toBe(1)
      expect(page._links?.next?.href).toBeDefined()
      expect((await old.reportPage({ next: page._links!.next!.href })).data[0]!.id).not.toBe(page.data[0]!.id)
      expect((await old.statements(new Date(Date.now() - 4 * 86_400_000).toISOString(), new Date(Date.now() + 86_400_000).toISOString())).count).toBeGreaterThanOrEqual(1)
      // A current-platform key has no /reporting: the simulator answers as for an endpoint the account lacks.
      await expectCode(client.reportPage({ from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }), 'not_found')
    } finally {
      await old.close()
      await previous.close()
    }
  })

  it('answers 3-D Secure payments with the pending shape', async () => {
    const pending = await client.createPayment(newActionId(), { source: card, amount: 2500, currency: 'GBP', '3ds': { enabled: true } })
    expect(pending).toMatchObject({ status: 'Pending', _links: { redirect: { href: expect.stringContaining('/__sim/3ds/') } } })
  })

  it('gives a sync’s reads a longer retry budget than a person’s requests', async () => {
    const patient = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, sleep: async () => {} })
    try {
      sim.setFaults({ next: Array(9).fill('503') })
      let before = sim.requestCount()
      await expect(patient.searchPayments({ limit: 1, from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })).resolves.toMatchObject({ data: expect.any(Array) })
      expect(sim.requestCount() - before).toBe(10) // nine 503s, answered on the tenth
      sim.setFaults({ next: Array(9).fill('503') })
      before = sim.requestCount()
      await expectCode(patient.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'server')
      expect(sim.requestCount() - before).toBe(5) // a person's read gives up after five
    } finally {
      sim.setFaults({ next: [] })
      await patient.close()
    }
  })

  it('types every error class', async () => {
    const wrongKey = new CheckoutClient({ baseUrl: sim.url, secretKey: 'sk_sbox_aaaaaaaaaaaaaaaaaaaaaaaaaaa', retry: { attempts: 1 } })
    await expectCode(wrongKey.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'authentication')
    await wrongKey.close()
    await expectCode(client.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'not_found')
    const declined = await client.createPayment(newActionId(), { source: card, amount: 1051, currency: 'GBP' })
    await expectCode(client.capture(newActionId(), declined.id), 'forbidden')
    const validation = await expectCode(client.createPayment(newActionId(), { source: { ...card, number: '4242424242424241' }, amount: 100, currency: 'GBP' }), 'validation')
    expect(validation.details.errorCodes).toEqual(['card_number_invalid'])
    expect(validation.message).toContain('card_number_invalid')
    const auth = await client.createPayment(newActionId(), { source: card, amount: 900, currency: 'GBP', capture: false })
    const tooMuch = await expectCode(client.capture(newActionId(), auth.id, { amount: 901 }), 'validation')
    expect(tooMuch.details.errorCodes).toEqual(['capture_value_greater_than_authorized'])
  })

  it('retries a GET through 5xx, 429 (honouring Retry-After), resets and timeouts', async () => {
    const paid = await client.createPayment(newActionId(), { source: card, amount: 100, currency: 'GBP' })
    sim.setFaults({ next: ['503', '429', 'reset', 'timeout'], timeoutMs: 3000, retryAfterSeconds: 2 })
    const client5 = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, headersTimeoutMs: 800, bodyTimeoutMs: 800, retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 40 }, sleep: async (ms) => void sleeps.push(ms) })
    try {
      expect((await client5.getPayment(paid.id)).id).toBe(paid.id)
    } finally {
      await client5.close()
    }
    expect(sleeps.length).toBe(4)
    expect(sleeps[1]).toBeGreaterThanOrEqual(2000) // Retry-After: 2
  })

  it('gives up after the last attempt with the last error', async () => {
    sim.setFaults({ rate: 1, kinds: ['502'] })
    const error = await expectCode(client.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'server')
    expect(error.details.status).toBe(502)
    expect(sleeps.length).toBe(3)
  })

  it('classifies a timeout, a reset and a truncated body when it cannot retry', async () => {
    const once = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, headersTimeoutMs: 800, bodyTimeoutMs: 800, retry: { attempts: 1 } })
    try {
      sim.setFaults({ next: ['timeout', 'reset', 'truncate'], timeoutMs: 3000 })
      await expectCode(once.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'timeout')
      await expectCode(once.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'network')
      const paid = await once.createPayment(newActionId(), { source: card, amount: 100, currency: 'GBP' }).catch((e: CheckoutError) => e)
      expect(['network', 'invalid_response']).toContain((paid as CheckoutError).code)
    } finally {
      await once.close()
    }
  })

  it('never repeats a POST without an idempotency key, and a POST retried after a reset creates one payment', async () => {
    const before = sim.ctx.state.paymentOrder.length
    sim.setFaults({ next: ['reset', 'reset'] })
    const paid = await client.createPayment(newActionId(), { source: card, amount: 1234, currency: 'GBP', reference: 'RESET-TWICE' })
    expect(sleeps.length).toBe(2)
    expect(sim.ctx.state.paymentOrder.length).toBe(before + 1)
    // Payments of one second are ordered by id, so the new one need not be last: it is there once.
    expect(sim.ctx.state.paymentOrder.filter((id) => id === paid.id)).toHaveLength(1)
    expect((await client.listPaymentsByReference('RESET-TWICE')).total_count).toBe(1)
    // Without a key the transport refuses to resend: a token request is sent once.
    sim.setFaults({ next: ['503'] })
    const raw = client.http.send({ method: 'POST', path: '/tokens', auth: 'public', what: 'a token', body: card, schema: null })
    await expectCode(raw, 'server')
  })

  it('derives one idempotency key per user action and body, and another for a new action', () => {
    const action = newActionId()
    expect(idempotencyKeyFor(action, 'capture pay_1', { amount: 5 })).toBe(idempotencyKeyFor(action, 'capture pay_1', { amount: 5 }))
    expect(idempotencyKeyFor(action, 'capture pay_1', { amount: 6 })).not.toBe(idempotencyKeyFor(action, 'capture pay_1', { amount: 5 }))
    expect(idempotencyKeyFor(newActionId(), 'capture pay_1', { amount: 5 })).not.toBe(idempotencyKeyFor(action, 'capture pay_1', { amount: 5 }))
  })

  it('backs off exponentially with jitter, capped', () => {
    const fixed = new CheckoutClient({ baseUrl: sim.url, secretKey: 'x', retry: { baseDelayMs: 100, maxDelayMs: 1000 }, random: () => 1 })
    expect([1, 2, 3, 4, 5, 6].map((n) => fixed.http.backoffMs(n))).toEqual([100, 200, 400, 800, 1000, 1000])
    const low = new CheckoutClient({ baseUrl: sim.url, secretKey: 'x', retry: { baseDelayMs: 100, maxDelayMs: 1000 }, random: () => 0 })
    expect(low.http.backoffMs(3)).toBe(200)
    void fixed.close()
    void low.close()
  })

  it('names the missing field when an answer does not fit the API', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', amount: 1, currency: 'GBP', approved: true, status: 'Captured', _links: { self: { href: 'x' } } })))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const odd = new CheckoutClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secretKey: sim.secretKey, retry: { attempts: 1 } })
    try {
      const error = await expectCode(odd.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'invalid_response')
      expect(error.message).toMatch(/requested_on/)
    } finally {
      await odd.close()
      server.close()
    }
  })

  it('never writes the key into a log line or an error message', async () => {
    const wrong = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey.replace(/.$/, 'a'), logger, retry: { attempts: 1 } })
    const error = await expectCode(wrong.getPayment('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'authentication')
    await wrong.close()
    expect(logger.lines.length).toBeGreaterThan(5)
    for (const text of [...logger.lines, error.message, String(error.stack)]) {
      expect(text).not.toContain(sim.secretKey.slice(8))
    }
  })
})

describe('report amounts', () => {
  it('turn into minor units by their digits', () => {
    expect(decimalToMinor('12.34', 'EUR')).toBe(1234)
    expect(decimalToMinor('-0.10', 'GBP')).toBe(-10)
    expect(decimalToMinor('1050', 'JPY')).toBe(1050)
    expect(decimalToMinor('1.005', 'KWD')).toBe(1005)
    expect(decimalToMinor('12.340', 'EUR')).toBe(1234)
    expect(() => decimalToMinor('12.345', 'EUR')).toThrow(/more decimals/)
    expect(() => decimalToMinor('1e3', 'EUR')).toThrow(/Not a decimal/)
  })
})
