import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maskCardData } from '../../../src-main/simulator/request-log'
import { startTestSimulator, VISA } from '../../fixtures/simulator-client'

const logFile = join(mkdtempSync(join(tmpdir(), 'paydesk-sim-log-')), 'requests.jsonl')
let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator({ logPath: logFile })))
afterAll(() => t.close())

const payment = { source: VISA, amount: 1000, currency: 'GBP', reference: 'ORD-HTTP' }

describe('keys', () => {
  it('have the current platform’s format', () => {
    expect(t.sim.secretKey).toMatch(/^sk_sbox_[a-z2-7]{26}[a-z2-7*#$=]$/)
    expect(t.sim.publicKey).toMatch(/^pk_sbox_[a-z2-7]{26}[a-z2-7*#$=]$/)
  })

  it('accept the secret key bare or as Bearer, and answer 401 with no body otherwise', async () => {
    expect((await t.api('POST', '/payments', payment)).status).toBe(201)
    expect((await t.api('POST', '/payments', payment, { key: `Bearer ${t.sim.secretKey}` })).status).toBe(201)
    for (const key of [null, 'sk_sbox_wrong', t.sim.publicKey]) {
      const response = await t.api('POST', '/payments', payment, { key })
      expect(response).toMatchObject({ status: 401, body: undefined })
    }
  })

  it('take only the public key for POST /tokens', async () => {
    const card = { type: 'card', number: VISA.number, expiry_month: 12, expiry_year: 2031, cvv: '100' }
    expect((await t.api('POST', '/tokens', card, { key: t.sim.publicKey })).status).toBe(201)
    expect((await t.api('POST', '/tokens', card, { key: t.sim.secretKey })).status).toBe(401)
  })
})

describe('bad requests', () => {
  it('malformed JSON gets 422 request_body_malformed', async () => {
    expect(await t.api('POST', '/payments', undefined, { raw: '{"amount": 10,' })).toMatchObject({ status: 422, body: { error_type: 'request_invalid', error_codes: ['request_body_malformed'] } })
  })

  it('wrong types and missing fields name the field', async () => {
    expect((await t.api('POST', '/payments', { ...payment, amount: '10.00' })).body.error_codes).toEqual(['amount_invalid'])
    expect((await t.api('POST', '/payments', { ...payment, amount: 10.5 })).body.error_codes).toEqual(['amount_invalid'])
    expect((await t.api('POST', '/payments', { ...payment, amount: -1 })).body.error_codes).toEqual(['amount_invalid'])
    expect((await t.api('POST', '/payments', { source: VISA, amount: 100 })).body.error_codes).toEqual(['currency_required'])
    expect((await t.api('POST', '/payments', { ...payment, currency: 'XXY' })).body.error_codes).toEqual(['currency_invalid'])
    expect((await t.api('POST', '/payments', { amount: 100, currency: 'GBP' })).body.error_codes).toEqual(['payment_source_required'])
    expect((await t.api('POST', '/payments', { ...payment, source: { ...VISA, expiry_month: 13 } })).body.error_codes).toEqual(['card_expiry_month_invalid'])
    expect((await t.api('POST', '/payments', { ...payment, source: { ...VISA, expiry_year: 2020 } })).body.error_codes).toEqual(['card_expired'])
    expect((await t.api('POST', '/payments', { ...payment, source: { ...VISA, cvv: '1234' } })).body.error_codes).toEqual(['cvv_invalid'])
    expect((await t.api('POST', '/payments', { ...payment, reference: 'x'.repeat(51) })).body.error_codes).toEqual(['reference_invalid'])
    expect((await t.api('POST', '/payments', { ...payment, source: { type: 'wallet' } })).status).toBe(422)
  })

  it('unknown top-level fields are refused by name rather than ignored', async () => {
    expect(await t.api('POST', '/payments', { ...payment, ammount: 5 })).toMatchObject({ status: 422, body: { error_codes: ['ammount_not_allowed'] } })
  })

  it('a huge body gets 413 and the server keeps serving', async () => {
    const huge = { ...payment, description: 'x'.repeat(2 * 1024 * 1024) }
    const response = await request(`${t.sim.url}/payments`, { method: 'POST', headers: { authorization: t.sim.secretKey, 'content-type': 'application/json' }, body: JSON.stringify(huge) })
    expect(response.statusCode).toBe(413)
    expect(await response.body.json()).toMatchObject({ error_codes: ['request_body_too_large'] })
    expect((await t.api('POST', '/payments', payment)).status).toBe(201)
  })

  it('unknown paths get 404 and wrong methods 405', async () => {
    expect((await t.api('GET', '/nothing-here', undefined, { check: false })).status).toBe(404)
    expect((await t.api('PUT', '/payments', undefined, { check: false })).status).toBe(405)
  })
})

describe('idempotency', () => {
  it('replays the first answer for a repeat, creating nothing new', async () => {
    const headers = { 'cko-idempotency-key': 'order-42-attempt-1' }
    const before = t.sim.ctx.state.paymentOrder.length
    const first = await t.api('POST', '/payments', payment, { headers })
    const again = await t.api('POST', '/payments', payment, { headers })
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(again.headers['cko-idempotent-replayed']).toBe('true')
    expect(t.sim.ctx.state.paymentOrder.length).toBe(before + 1)
  })

  it('replays the first answer for the same key with a different body, as the live API does', async () => {
    const headers = { 'cko-idempotency-key': 'order-43' }
    const first = await t.api('POST', '/payments', payment, { headers })
    const before = t.sim.ctx.state.paymentOrder.length
    const again = await t.api('POST', '/payments', { ...payment, amount: 2000 }, { headers })
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id, amount: payment.amount } })
    expect(again.headers['cko-idempotent-replayed']).toBe('true')
    expect(t.sim.ctx.state.paymentOrder.length).toBe(before)
  })

  it('protects captures and refunds too', async () => {
    const auth = await t.api('POST', '/payments', { ...payment, capture: false })
    const headers = { 'cko-idempotency-key': `cap-${auth.body.id}` }
    const a = await t.api('POST', `/payments/${auth.body.id}/captures`, { amount: 400 }, { headers })
    const b = await t.api('POST', `/payments/${auth.body.id}/captures`, { amount: 400 }, { headers })
    expect(b.body.action_id).toBe(a.body.action_id)
    expect((await t.api('GET', `/payments/${auth.body.id}`)).body.balances.total_captured).toBe(400)
  })
})

describe('tokens', () => {
  const card = { type: 'card', number: '5436031030606378', expiry_month: 12, expiry_year: 2031, cvv: '257' }

  it('pay once, then answer token_used', async () => {
    const token = await t.api('POST', '/tokens', card, { key: t.sim.publicKey })
    expect(token.body).toMatchObject({ type: 'card', token: expect.stringMatching(/^tok_\w{26}$/), last4: '6378', bin: '543603', scheme: 'Mastercard' })
    expect(Date.parse(token.body.expires_on) - Date.now()).toBeGreaterThan(14 * 60 * 1000)
    const paid = await t.api('POST', '/payments', { source: { type: 'token', token: token.body.token }, amount: 500, currency: 'EUR' })
    expect(paid.body).toMatchObject({ approved: true, source: { id: expect.stringMatching(/^src_/), cvv_check: 'Y' } })
    expect((await t.api('POST', '/payments', { source: { type: 'token', token: token.body.token }, amount: 500, currency: 'EUR' })).body.error_codes).toEqual(['token_used'])
  })

  it('expire after 15 minutes', async () => {
    const token = await t.api('POST', '/tokens', card, { key: t.sim.publicKey })
    t.sim.advanceClock(15 * 60 * 1000 + 1)
    expect((await t.api('POST', '/payments', { source: { type: 'token', token: token.body.token }, amount: 500, currency: 'EUR' })).body.error_codes).toEqual(['token_expired'])
  })

  it('refuse an unknown token', async () => {
    expect((await t.api('POST', '/payments', { source: { type: 'token', token: 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa' }, amount: 500, currency: 'EUR' })).body.error_codes).toEqual(['token_invalid'])
  })
})

describe('the request log', () => {
  it('has one JSON line per request, with card numbers masked and no CVV or key', async () => {
    await t.api('POST', '/payments', payment)
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.length).toBeGreaterThan(10)
    const text = readFileSync(logFile, 'utf8')
    expect(text).not.toContain('4242424242424242')
    expect(text).not.toContain(t.sim.secretKey)
    expect(text).not.toMatch(/"cvv":"\d+"/)
    expect(lines.at(-1)).toMatchObject({ method: 'POST', path: '/payments', status: 201, request: { source: { number: '424242******4242', cvv: '***' } } })
  })

  it('masks a value shorter than a card number whole, never doubling it', () => {
    expect(maskCardData({ source: { number: 'abcd', cvv: '1' } })).toEqual({ source: { number: '****', cvv: '***' } })
    expect(maskCardData({ number: '42424242424' })).toEqual({ number: '***********' })
  })
})

describe('housekeeping', () => {
  it('drops idempotency records older than the window, keeping the recent ones', async () => {
    const sim = await startTestSimulator({ idempotencyWindowMs: 60_000 })
    try {
      await sim.api('POST', '/payments', payment, { headers: { 'cko-idempotency-key': 'old-one' } })
      sim.sim.advanceClock(61_000)
      await sim.api('POST', '/payments', payment, { headers: { 'cko-idempotency-key': 'new-one' } })
      expect(sim.sim.ctx.state.idempotency['old-one']).toBeUndefined()
      expect(sim.sim.ctx.state.idempotency['new-one']).toBeDefined()
    } finally {
      await sim.close()
    }
  })
})
