import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulator, VISA } from '../../fixtures/simulator-client'

let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator()))
afterAll(() => t.close())

async function authorize(amount = 10_000, currency = 'EUR') {
  const response = await t.api('POST', '/payments', { source: VISA, amount, currency, capture: false, reference: 'ORD-LIFE' })
  expect(response.body).toMatchObject({ status: 'Authorized', approved: true })
  return response.body.id as string
}
const get = async (id: string) => (await t.api('GET', `/payments/${id}`)).body
const post = (id: string, action: string, body?: unknown) => t.api('POST', `/payments/${id}/${action}`, body)

describe('the seed request (no capture field): authorised now, captured automatically after', () => {
  it('answers 201 Authorized with capture and void links, then captures after the delay', async () => {
    const response = await t.api('POST', '/payments', { source: VISA, amount: 6540, currency: 'USD', reference: 'ORD-5023-4E89' })
    expect(response).toMatchObject({ status: 201, body: { status: 'Authorized', approved: true, _links: { capture: { href: expect.any(String) }, void: { href: expect.any(String) } } } })
    const id = response.body.id as string
    expect((await get(id)).status).toBe('Authorized')
    t.sim.advanceClock(2000)
    const captured = await get(id)
    expect(captured).toMatchObject({ status: 'Captured', balances: { total_captured: 6540, available_to_capture: 0 } })
    const actions = (await t.api('GET', `/payments/${id}/actions`)).body as { type: string; processed_on: string }[]
    expect(actions.map((a) => a.type)).toEqual(['Capture', 'Authorization'])
    expect(Date.parse(actions[0]!.processed_on) - Date.parse(actions[1]!.processed_on)).toBe(2000)
  })

  it('captures at capture_on when given, and not at all once voided', async () => {
    const later = new Date(Date.now() + 3600_000 + 5000).toISOString()
    const scheduled = (await t.api('POST', '/payments', { source: VISA, amount: 1200, currency: 'EUR', capture_on: later })).body.id as string
    const voided = (await t.api('POST', '/payments', { source: VISA, amount: 1300, currency: 'EUR' })).body.id as string
    expect((await post(voided, 'voids', {})).status).toBe(202)
    t.sim.advanceClock(60_000)
    expect((await get(scheduled)).status).toBe('Authorized')
    expect((await get(voided)).status).toBe('Voided')
    t.sim.advanceClock(3600_000)
    expect((await get(scheduled)).status).toBe('Captured')
    expect((await get(voided)).balances.total_captured).toBe(0)
  })
})

describe('capture, void and refund', () => {
  it('captures in parts up to the authorisation, then refunds in parts up to the capture', async () => {
    const id = await authorize(10_000)
    expect((await get(id)).balances).toEqual({ total_authorized: 10_000, total_voided: 0, available_to_void: 10_000, total_captured: 0, available_to_capture: 10_000, total_refunded: 0, available_to_refund: 0 })

    const first = await post(id, 'captures', { amount: 4000, reference: 'first half' })
    expect(first).toMatchObject({ status: 202, body: { action_id: expect.stringMatching(/^act_/), reference: 'first half' } })
    expect(await get(id)).toMatchObject({ status: 'Partially Captured', balances: { total_captured: 4000, available_to_capture: 6000, available_to_void: 0, available_to_refund: 4000 } })

    expect(await post(id, 'captures', { amount: 6001 })).toMatchObject({ status: 422, body: { error_codes: ['capture_value_greater_than_authorized'] } })
    expect((await post(id, 'captures', {})).status).toBe(202) // the rest
    expect(await get(id)).toMatchObject({ status: 'Captured', balances: { total_captured: 10_000, available_to_capture: 0 } })
    expect((await post(id, 'captures', { amount: 1 })).status).toBe(403)
    expect((await post(id, 'voids', {})).status).toBe(403)

    expect((await post(id, 'refunds', { amount: 2500, reference: 'RMA-1' })).status).toBe(202)
    expect(await get(id)).toMatchObject({ status: 'Partially Refunded', balances: { total_refunded: 2500, available_to_refund: 7500 } })
    expect(await post(id, 'refunds', { amount: 7501 })).toMatchObject({ status: 422, body: { error_codes: ['amount_exceeds_balance'] } })
    expect((await post(id, 'refunds', {})).status).toBe(202)
    expect(await get(id)).toMatchObject({ status: 'Refunded', balances: { total_refunded: 10_000, available_to_refund: 0 } })
    expect((await post(id, 'refunds', { amount: 1 })).status).toBe(403)

    const actions = (await t.api('GET', `/payments/${id}/actions`)).body as { type: string; amount: number; reference?: string }[]
    expect(actions.map((a) => [a.type, a.amount])).toEqual([
      ['Refund', 7500],
      ['Refund', 2500],
      ['Capture', 6000],
      ['Capture', 4000],
      ['Authorization', 10_000],
    ])
    expect(actions[1]!.reference).toBe('RMA-1')
  })

  it('voids an open authorisation, and nothing after that', async () => {
    const id = await authorize(5000)
    expect((await post(id, 'voids', { reference: 'customer cancelled' })).status).toBe(202)
    expect(await get(id)).toMatchObject({ status: 'Voided', balances: { total_voided: 5000, available_to_capture: 0, available_to_void: 0 } })
    for (const action of ['captures', 'voids', 'refunds']) expect((await post(id, action, {})).status).toBe(403)
    const links = (await get(id))._links
    expect(Object.keys(links).sort()).toEqual(['actions', 'self'])
  })

  it('cannot refund an authorisation nor void a capture', async () => {
    const id = await authorize(3000)
    expect((await post(id, 'refunds', {})).status).toBe(403)
    await post(id, 'captures', { amount: 1000 })
    expect((await post(id, 'voids', {})).status).toBe(403)
  })

  it('takes no action on a declined payment', async () => {
    const declined = await t.api('POST', '/payments', { source: VISA, amount: 1051, currency: 'GBP' })
    expect(declined.body).toMatchObject({ status: 'Declined', response_code: '20051' })
    for (const action of ['captures', 'voids', 'refunds']) expect((await post(declined.body.id, action, {})).status).toBe(403)
  })

  it('answers 404 for an unknown payment and 422 for an amount of the wrong type', async () => {
    expect((await post('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'captures', {})).status).toBe(404)
    expect((await t.api('GET', '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404)
    const id = await authorize(2000)
    expect(await post(id, 'captures', { amount: '10.00' })).toMatchObject({ status: 422, body: { error_codes: ['amount_invalid'] } })
    expect(await post(id, 'captures', { amount: 0 })).toMatchObject({ status: 422, body: { error_codes: ['amount_invalid'] } })
  })

  it('lists links for the actions the state allows', async () => {
    const id = await authorize(2000)
    expect(Object.keys((await get(id))._links).sort()).toEqual(['actions', 'capture', 'self', 'void'])
    await post(id, 'captures', {})
    expect(Object.keys((await get(id))._links).sort()).toEqual(['actions', 'refund', 'self'])
  })

  it('verifies a card with amount 0 (Card Verified, no capture)', async () => {
    const response = await t.api('POST', '/payments', { source: VISA, amount: 0, currency: 'USD' })
    expect(response.body).toMatchObject({ status: 'Card Verified', approved: true })
    expect((await t.api('GET', `/payments/${response.body.id}/actions`)).body.map((a: { type: string }) => a.type)).toEqual(['Card Verification'])
  })

  it('expires an authorisation left open for seven days', async () => {
    const id = await authorize(1500)
    t.sim.advanceClock(7 * 24 * 3600 * 1000 + 1000)
    expect(await get(id)).toMatchObject({ status: 'Expired' })
    expect((await post(id, 'captures', {})).status).toBe(403)
  })
})

describe('3-D Secure', () => {
  it('answers 202 Pending with a redirect, and the page decides the payment', async () => {
    const pending = await t.api('POST', '/payments', { source: VISA, amount: 2500, currency: 'GBP', '3ds': { enabled: true }, success_url: 'https://shop.example/ok', failure_url: 'https://shop.example/ko' })
    expect(pending).toMatchObject({ status: 202, body: { status: 'Pending', '3ds': { enrolled: 'Y', downgraded: false } } })
    const redirect = pending.body._links.redirect.href as string
    const page = await t.api('GET', new URL(redirect).pathname, undefined, { key: null })
    expect(page.body).toContain('Authenticate')
    expect((await get(pending.body.id)).status).toBe('Pending')
    const done = await t.api('POST', `${new URL(redirect).pathname}/authenticate`, undefined, { key: null, check: false })
    expect(done.status).toBe(303)
    expect(done.headers.location).toBe(`https://shop.example/ok?cko-payment-id=${pending.body.id}`)
    expect(await get(pending.body.id)).toMatchObject({ status: 'Authorized', approved: true, eci: '05' })
  })

  it('declines when the cardholder fails the challenge', async () => {
    const pending = await t.api('POST', '/payments', { source: VISA, amount: 2500, currency: 'GBP', '3ds': { enabled: true } })
    const done = await t.api('POST', `/__sim/3ds/${pending.body.id}/fail`, undefined, { key: null, check: false })
    expect(done.body).toContain('Not authenticated')
    expect(await get(pending.body.id)).toMatchObject({ status: 'Declined', approved: false })
  })

  it('declines a card that is not enrolled unless attempt_n3d asks to go on without', async () => {
    const discover = { type: 'card', number: '6011111111111117', expiry_month: 12, expiry_year: 2031, cvv: '100' }
    expect((await t.api('POST', '/payments', { source: discover, amount: 2500, currency: 'GBP', '3ds': { enabled: true } })).body).toMatchObject({ status: 'Declined', response_code: '20150' })
    expect((await t.api('POST', '/payments', { source: discover, amount: 2500, currency: 'GBP', '3ds': { enabled: true, attempt_n3d: true } })).body).toMatchObject({ status: 'Authorized', '3ds': { enrolled: 'N', downgraded: true } })
  })

  it('cancels a challenge left unanswered for an hour', async () => {
    const pending = await t.api('POST', '/payments', { source: VISA, amount: 2500, currency: 'GBP', '3ds': { enabled: true } })
    t.sim.advanceClock(3600 * 1000 + 1)
    expect(await get(pending.body.id)).toMatchObject({ status: 'Canceled' })
  })
})
