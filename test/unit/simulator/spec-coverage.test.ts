import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conformance, PREVIOUS_PLATFORM_KEY, startTestSimulator, VISA } from '../../fixtures/simulator-client'

let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator({ seed: { count: 40, days: 3, seed: 5 } })))
afterAll(() => t.close())

describe('OpenAPI conformance', () => {
  it('the check itself fails a wrong body and names the field', async () => {
    const good = (await t.api('POST', '/payments', { source: VISA, amount: 100, currency: 'GBP' })).body
    expect(() => conformance.check('POST', '/payments', 201, { ...good, amount: '1.00' })).toThrow(/\/amount must be integer/)
    expect(() => conformance.check('POST', '/payments', 201, { ...good, _links: undefined })).toThrow(/must have required property '_links'/)
    expect(() => conformance.check('GET', '/payments/pay_x/actions', 200, [{ id: 'act_x', type: 'Authorization' }])).toThrow(/required property/)
    expect(() => conformance.check('POST', '/payments', 401, { error: 1 })).toThrow(/should have no body/)
  })

  it('accepts the spec’s own example POST /payments request (with a live token and customer)', async () => {
    const spec = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/openapi/checkout-nas.openapi.json'), 'utf8'))
    const example = structuredClone(spec.paths['/payments'].post.requestBody.content['application/json'].examples.Payment.value)
    const token = (await t.api('POST', '/tokens', { type: 'card', number: VISA.number, expiry_month: 12, expiry_year: 2031, cvv: '100' }, { key: t.sim.publicKey })).body.token
    const customer = (await t.api('POST', '/customers', { email: example.customer.email, name: example.customer.name })).body.id
    example.source.token = token
    example.customer.id = customer
    const response = await t.api('POST', '/payments', example)
    // The example carries third-party 3-D Secure data (eci, cryptogram): no redirect, decided at
    // once; its amount, 6540, is a documented sandbox trigger (20154).
    expect(response).toMatchObject({ status: 201, body: { response_code: '20154', reference: 'ORD-5023-4E89', eci: '05', customer: { id: customer, email: 'jokershere@gmail.com' } } })
    expect(response.body._links.redirect).toBeUndefined()
  })

  it('covers every endpoint the simulator serves, with each answer checked against the spec', async () => {
    const cardToken = async () => (await t.api('POST', '/tokens', { type: 'card', number: VISA.number, expiry_month: 12, expiry_year: 2031, cvv: '100' }, { key: t.sim.publicKey })).body.token
    const paid = (await t.api('POST', '/payments', { source: { type: 'token', token: await cardToken() }, amount: 2000, currency: 'EUR', capture: false, customer: { email: 'cov@example.com' } })).body
    await t.api('POST', '/payments', { source: VISA, amount: 2000, currency: 'EUR', '3ds': { enabled: true } })
    await t.api('POST', '/payments', {})
    await t.api('POST', '/payments', { source: VISA, amount: 100, currency: 'EUR' }, { key: null })
    await t.api('GET', `/payments/${paid.id}`)
    await t.api('GET', '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa')
    await t.api('GET', `/payments/${paid.id}/actions`)
    await t.api('GET', `/payments?reference=none&limit=3`)
    await t.api('POST', `/payments/${paid.id}/captures`, { amount: 1500 })
    await t.api('POST', `/payments/${paid.id}/captures`, { amount: 99_999 })
    await t.api('POST', `/payments/${paid.id}/refunds`, { amount: 500 })
    await t.api('POST', `/payments/${paid.id}/voids`, {})
    const other = (await t.api('POST', '/payments', { source: VISA, amount: 2000, currency: 'EUR', capture: false })).body
    await t.api('POST', `/payments/${other.id}/voids`, {})
    await t.api('POST', '/tokens', { type: 'card', number: '1234', expiry_month: 1, expiry_year: 2030 }, { key: t.sim.publicKey })
    const customer = (await t.api('POST', '/customers', { email: 'cov2@example.com' })).body.id
    await t.api('POST', '/customers', { email: 'bad' })
    await t.api('GET', `/customers/${customer}`)
    await t.api('PATCH', `/customers/${customer}`, { name: 'Cov' })
    const instrument = (await t.api('POST', '/instruments', { type: 'token', token: await cardToken(), customer: { id: customer } })).body
    await t.api('POST', '/instruments', { type: 'token', token: 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa' })
    await t.api('GET', `/instruments/${instrument.id}`)
    await t.api('DELETE', `/instruments/${instrument.id}`)
    await t.api('DELETE', `/customers/${customer}`)
    await t.api('GET', `/financial-actions?payment_id=${paid.id}`)
    await t.api('GET', '/financial-actions')
    const reports = (await t.api('GET', '/reports?limit=5')).body
    await t.api('GET', '/reports?limit=0')
    await t.api('GET', `/reports/${reports.data[0].id}`)
    await t.api('GET', '/reports/rpt_aaaaaaaaaaaaaaaaaaaaaaaaaa')
    await t.api('GET', `/reports/${reports.data[0].id}/files/${reports.data[0].files[0].id}`)
    await t.api('GET', `/reports/${reports.data[0].id}/files/file_aaaaaaaaaaaaaaaaaaaaaaaaaa`)

    // The previous platform's reconciliation API, served to previous-platform keys.
    const previous = await startTestSimulator({ secretKey: PREVIOUS_PLATFORM_KEY, seed: { count: 20, days: 3, seed: 5 } })
    try {
      const id = previous.sim.ctx.state.paymentOrder[0]!
      await previous.api('GET', '/reporting/payments?limit=10')
      await previous.api('GET', '/reporting/payments?limit=0')
      await previous.api('GET', `/reporting/payments/${id}`)
      await previous.api('GET', `/reporting/statements?from=${new Date(Date.now() - 5 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`)
    } finally {
      await previous.close()
    }

    const expected = [
      'POST /tokens 201', 'POST /tokens 422',
      'POST /payments 201', 'POST /payments 202', 'POST /payments 422', 'POST /payments 401',
      'GET /payments 200', 'GET /payments/{id} 200', 'GET /payments/{id} 404', 'GET /payments/{id}/actions 200',
      'POST /payments/{id}/captures 202', 'POST /payments/{id}/captures 422', 'POST /payments/{id}/refunds 202', 'POST /payments/{id}/voids 202', 'POST /payments/{id}/voids 403',
      'POST /customers 201', 'POST /customers 422', 'GET /customers/{identifier} 200', 'PATCH /customers/{identifier} 204', 'DELETE /customers/{identifier} 204',
      'POST /instruments 201', 'POST /instruments 422', 'GET /instruments/{id} 200', 'DELETE /instruments/{id} 204',
      'GET /reporting/payments 200', 'GET /reporting/payments 422', 'GET /reporting/payments/{paymentId} 200', 'GET /reporting/statements 200',
      'GET /financial-actions 200', 'GET /financial-actions 422', 'GET /reports 200', 'GET /reports 422', 'GET /reports/{id} 200', 'GET /reports/{id} 404',
      'GET /reports/{id}/files/{fileId} 302', 'GET /reports/{id}/files/{fileId} 404',
    ]
    expect(expected.filter((e) => !conformance.covered.has(e))).toEqual([])
  })
})
