import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulator, VISA } from '../../fixtures/simulator-client'

let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator()))
afterAll(() => t.close())

const tokenFor = async (number: string, cvv = '100') => (await t.api('POST', '/tokens', { type: 'card', number, expiry_month: 11, expiry_year: 2030, cvv }, { key: t.sim.publicKey })).body.token as string

describe('customers and saved cards', () => {
  it('a payment naming a customer by email creates the customer and saves the card as its default', async () => {
    const paid = await t.api('POST', '/payments', { source: VISA, amount: 1999, currency: 'GBP', customer: { email: 'ada@example.com', name: 'Ada Lovelace' }, payment_type: 'MOTO' })
    expect(paid.body.customer).toMatchObject({ id: expect.stringMatching(/^cus_\w{26}$/), email: 'ada@example.com', name: 'Ada Lovelace' })
    const customer = await t.api('GET', `/customers/${paid.body.customer.id}`)
    expect(customer.body).toMatchObject({ email: 'ada@example.com', default: paid.body.source.id, instruments: [{ id: paid.body.source.id, last4: '4242', customer: { default: true } }] })
    // Found by email too.
    expect((await t.api('GET', '/customers/ada@example.com')).body.id).toBe(paid.body.customer.id)
    // The saved source pays again (a phone order with the card on file), and the customer's default does too.
    const again = await t.api('POST', '/payments', { source: { type: 'id', id: paid.body.source.id }, amount: 500, currency: 'GBP', payment_type: 'MOTO' })
    expect(again.body).toMatchObject({ approved: true, source: { id: paid.body.source.id } })
    const byCustomer = await t.api('POST', '/payments', { source: { type: 'customer', id: paid.body.customer.id }, amount: 700, currency: 'GBP', payment_type: 'Recurring' })
    expect(byCustomer.body).toMatchObject({ approved: true, source: { id: paid.body.source.id }, customer: { id: paid.body.customer.id } })
    const details = await t.api('GET', `/payments/${byCustomer.body.id}`)
    expect(details.body.payment_type).toBe('Recurring')
  })

  it('creates, updates and deletes customers; a duplicate email is a conflict', async () => {
    const created = await t.api('POST', '/customers', { email: 'grace@example.com', name: 'Grace Hopper', metadata: { tier: 'gold' } })
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^cus_/) } })
    expect((await t.api('POST', '/customers', { email: 'grace@example.com' })).status).toBe(409)
    expect((await t.api('POST', '/customers', { name: 'no email' })).body.error_codes).toEqual(['email_required'])
    expect((await t.api('PATCH', `/customers/${created.body.id}`, { name: 'Rear Admiral Hopper' })).status).toBe(204)
    expect((await t.api('GET', `/customers/${created.body.id}`)).body).toMatchObject({ name: 'Rear Admiral Hopper', metadata: { tier: 'gold' }, instruments: [] })
    expect((await t.api('DELETE', `/customers/${created.body.id}`)).status).toBe(204)
    expect((await t.api('GET', `/customers/${created.body.id}`)).status).toBe(404)
  })

  it('saves instruments from tokens, lists them on the customer and switches the default', async () => {
    const customer = (await t.api('POST', '/customers', { email: 'alan@example.com', name: 'Alan Turing' })).body.id as string
    const first = await t.api('POST', '/instruments', { type: 'token', token: await tokenFor('4543474002249996', '956'), customer: { id: customer } })
    expect(first).toMatchObject({ status: 201, body: { type: 'card', id: expect.stringMatching(/^src_/), last4: '9996', customer: { id: customer, default: true } } })
    const second = await t.api('POST', '/instruments', { type: 'token', token: await tokenFor('5436031030606378', '257'), customer: { id: customer, default: true } })
    expect(second.body.customer.default).toBe(true)
    const view = (await t.api('GET', `/customers/${customer}`)).body
    expect(view.default).toBe(second.body.id)
    expect(view.instruments.map((i: { id: string }) => i.id)).toEqual([first.body.id, second.body.id])
    expect((await t.api('PATCH', `/customers/${customer}`, { default: first.body.id })).status).toBe(204)
    expect((await t.api('GET', `/instruments/${first.body.id}`)).body.customer.default).toBe(true)
    expect((await t.api('DELETE', `/instruments/${second.body.id}`)).status).toBe(204)
    expect((await t.api('GET', `/instruments/${second.body.id}`)).status).toBe(404)
  })

  it('updates a saved card: expiry, name, default (PATCH /instruments/{id})', async () => {
    const customer = (await t.api('POST', '/customers', { email: 'grace@example.com' })).body.id as string
    const first = await t.api('POST', '/instruments', { type: 'token', token: await tokenFor('4543474002249996', '956'), customer: { id: customer } })
    const second = await t.api('POST', '/instruments', { type: 'token', token: await tokenFor('5436031030606378', '257'), customer: { id: customer, default: true } })
    const patched = await t.api('PATCH', `/instruments/${first.body.id}`, { expiry_month: 3, expiry_year: 2033, name: 'Grace Hopper', customer: { id: customer, default: true } })
    expect(patched).toMatchObject({ status: 200, body: { type: 'card', fingerprint: first.body.fingerprint } })
    expect((await t.api('GET', `/instruments/${first.body.id}`)).body).toMatchObject({ expiry_month: 3, expiry_year: 2033, name: 'Grace Hopper', customer: { default: true } })
    expect((await t.api('GET', `/instruments/${second.body.id}`)).body.customer.default).toBe(false)
    expect(await t.api('PATCH', `/instruments/${first.body.id}`, { expiry_month: 13 })).toMatchObject({ status: 422, body: { error_codes: ['card_expiry_month_invalid'] } })
    expect((await t.api('PATCH', '/instruments/src_aaaaaaaaaaaaaaaaaaaaaaaaaa', { name: 'x' })).status).toBe(404)
  })

  it('processes a payment with third-party 3-D Secure data at once, without a redirect', async () => {
    const paid = await t.api('POST', '/payments', { source: VISA, amount: 1000, currency: 'GBP', '3ds': { enabled: true, eci: '05', cryptogram: 'AgAAAAAABk4DWZ4C28yUQAAAAAA=', version: '2.2.0' } })
    expect(paid).toMatchObject({ status: 201, body: { status: 'Authorized', approved: true, eci: '05' } })
    expect(paid.body._links.redirect).toBeUndefined()
  })

  it('refuses a payment for an unknown customer or saved source', async () => {
    expect((await t.api('POST', '/payments', { source: VISA, amount: 100, currency: 'GBP', customer: { id: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa' } })).body.error_codes).toEqual(['customer_not_found'])
    expect((await t.api('POST', '/payments', { source: { type: 'id', id: 'src_aaaaaaaaaaaaaaaaaaaaaaaaaa' }, amount: 100, currency: 'GBP' })).body.error_codes).toEqual(['source_id_invalid'])
  })
})
