import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulator, VISA } from '../../fixtures/simulator-client'

let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator({ faults: { timeoutMs: 2000 } })))
afterAll(() => t.close())

const payment = { source: VISA, amount: 1000, currency: 'GBP' }
const count = () => t.sim.ctx.state.paymentOrder.length
const raw = (fault: string, headers: Record<string, string> = {}) =>
  request(`${t.sim.url}/payments`, {
    method: 'POST',
    headers: { authorization: t.sim.secretKey, 'content-type': 'application/json', 'cko-sim-fault': fault, ...headers },
    body: JSON.stringify(payment),
    headersTimeout: 500,
    bodyTimeout: 500,
  })

describe('fault injection', () => {
  for (const status of ['500', '502', '503']) {
    it(`${status} happens before the request takes effect`, async () => {
      const before = count()
      const response = await raw(status)
      expect(response.statusCode).toBe(Number(status))
      await response.body.dump()
      expect(count()).toBe(before)
    })
  }

  it('429 carries Retry-After', async () => {
    const response = await raw('429')
    expect(response.statusCode).toBe(429)
    expect(response.headers['retry-after']).toBe('1')
    expect(await response.body.json()).toMatchObject({ error_type: 'too_many_requests' })
  })

  it('a reset loses the answer but not the payment; the idempotent retry gets it back', async () => {
    const before = count()
    await expect(raw('reset', { 'cko-idempotency-key': 'reset-1' })).rejects.toThrow()
    expect(count()).toBe(before + 1)
    const retry = await t.api('POST', '/payments', payment, { headers: { 'cko-idempotency-key': 'reset-1' } })
    expect(retry.status).toBe(201)
    expect(retry.body.id).toBe(t.sim.ctx.state.paymentOrder.at(-1))
    expect(count()).toBe(before + 1)
  })

  it('a timeout never answers', async () => {
    const started = performance.now()
    await expect(raw('timeout')).rejects.toThrow(/timeout/i)
    expect(performance.now() - started).toBeGreaterThanOrEqual(450)
  })

  it('a truncated body cuts the JSON short', async () => {
    const response = await raw('truncate')
    expect(response.statusCode).toBe(201)
    await expect(response.body.json()).rejects.toThrow()
  })

  it('latency delays the answer', async () => {
    const started = performance.now()
    const response = await raw('latency=300')
    await response.body.dump()
    expect(response.statusCode).toBe(201)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('a server-wide rate faults about that share of requests, and the admin endpoint turns it off', async () => {
    const admin = (body: unknown) => t.api('POST', '/__sim/faults', body)
    expect(await admin({ rate: 2 })).toMatchObject({ status: 422 })
    expect((await admin({ rate: 0.5, kinds: ['503'], seed: 3 })).status).toBe(200)
    let failed = 0
    for (let i = 0; i < 200; i++) {
      const response = await request(`${t.sim.url}/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa`, { headers: { authorization: t.sim.secretKey } })
      await response.body.dump()
      if (response.statusCode === 503) failed++
      else expect(response.statusCode).toBe(404)
    }
    expect(failed).toBeGreaterThan(70)
    expect(failed).toBeLessThan(130)
    expect((await admin({ rate: 0 })).status).toBe(200)
    expect((await t.api('POST', '/payments', payment)).status).toBe(201)
  })

  it('admin endpoints need the secret key', async () => {
    expect((await t.api('POST', '/__sim/faults', { rate: 1 }, { key: null })).status).toBe(401)
  })
})
