import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import testData from '../../../src-main/reference/sandbox-test-data.json'
import { threeDsOnlyTrigger } from '../../../src-main/simulator/sandbox-rules'
import { startTestSimulator, VISA } from '../../fixtures/simulator-client'

let t: Awaited<ReturnType<typeof startTestSimulator>>
beforeAll(async () => (t = await startTestSimulator()))
afterAll(() => t.close())

const pay = (body: Record<string, unknown>) => t.api('POST', '/payments', { currency: 'GBP', amount: 1000, source: VISA, ...body })
const cvvFor = (number: string, given?: string) => given ?? (/^3[47]/.test(number) ? '1234' : '100')

describe('sandbox test cards (test-data.json)', () => {
  // A conditional listing ("only when the amount is …", unconfirmed) does not describe the card's own behaviour.
  for (const card of testData.test_cards.filter((c) => !('note' in c && c.note?.startsWith('only when')))) {
    it(`${card.number} (${card.scheme} ${card.card_type}) answers ${card.response_code}`, async () => {
      const response = await pay({ source: { type: 'card', number: card.number, expiry_month: 12, expiry_year: 2031, cvv: cvvFor(card.number, (card as { cvv?: string }).cvv) } })
      expect(response.status).toBe(201)
      const approved = card.response_code.startsWith('10')
      expect(response.body).toMatchObject({ response_code: card.response_code, approved, status: approved ? 'Authorized' : 'Declined' })
      expect(response.body.response_summary).toBe(testData.response_codes.find((r) => r.code === card.response_code)?.summary)
      expect(response.body.source).toMatchObject({ scheme: card.scheme, card_type: card.card_type, last4: card.number.slice(-4), bin: card.number.slice(0, 6) })
      if ('issuer_country' in card) expect(response.body.source.issuer_country).toBe(card.issuer_country)
    })
  }

  it('gives the same fingerprint to the same card number, and another to another card', async () => {
    const a = await pay({})
    const b = await pay({ amount: 2000 })
    const c = await pay({ source: { type: 'card', number: '4543474002249996', expiry_month: 12, expiry_year: 2031, cvv: '956' } })
    expect(a.body.source.fingerprint).toMatch(/^[0-9A-F]{64}$/)
    expect(b.body.source.fingerprint).toBe(a.body.source.fingerprint)
    expect(c.body.source.fingerprint).not.toBe(a.body.source.fingerprint)
  })

  it('refuses a number that fails the Luhn check', async () => {
    const response = await pay({ source: { ...VISA, number: '4242424242424241' } })
    expect(response).toMatchObject({ status: 422, body: { error_type: 'request_invalid', error_codes: ['card_number_invalid'] } })
  })
})

describe('amount triggers (two-decimal currencies only)', () => {
  for (const trigger of testData.amount_triggers.last_two_digits) {
    it(`an amount ending in ${trigger.ends_with} answers ${trigger.response_code}`, async () => {
      const amount = 1200 + Number(trigger.ends_with)
      const response = await pay({ amount })
      expect(response.body).toMatchObject({ response_code: trigger.response_code, approved: false, status: 'Declined' })
      // The same amount in a zero-decimal currency is approved.
      expect((await pay({ amount, currency: 'JPY' })).body).toMatchObject({ response_code: '10000', approved: true })
    })
  }

  for (const trigger of testData.amount_triggers.exact) {
    const note = (trigger as { note?: string }).note ?? ''
    it(`exactly ${trigger.amount} answers ${trigger.response_code}${note ? ` (${note})` : ''}`, async () => {
      if (threeDsOnlyTrigger(note)) {
        expect((await pay({ amount: trigger.amount })).body.response_code).toBe('10000')
        const pending = await pay({ amount: trigger.amount, '3ds': { enabled: true } })
        expect(pending.status).toBe(202)
        await t.api('POST', `/__sim/3ds/${pending.body.id}/authenticate`, undefined, { key: null, check: false })
        expect((await t.api('GET', `/payments/${pending.body.id}`)).body).toMatchObject({ status: 'Declined', approved: false })
        const actions = await t.api('GET', `/payments/${pending.body.id}/actions`)
        expect(actions.body[0].response_code).toBe(trigger.response_code)
        return
      }
      // A fresh card for the first-attempt triggers, so earlier tests' attempts do not count.
      const source = note.startsWith('first') ? { type: 'card', number: '5436031030606378', expiry_month: 1, expiry_year: 2032, cvv: '257' } : VISA
      const first = await pay({ amount: trigger.amount, source })
      expect(first.body).toMatchObject({ response_code: trigger.response_code, approved: trigger.response_code.startsWith('10') })
      if (trigger.response_code === '40101') expect(first.body.risk.flagged).toBe(true)
      if (note.startsWith('first')) expect((await pay({ amount: trigger.amount, source })).body).toMatchObject({ response_code: '10000', approved: true })
    })
  }

  it('approves every other amount with 10000', async () => {
    for (const amount of [100, 1099, 4002, 999_999]) expect((await pay({ amount })).body).toMatchObject({ response_code: '10000', approved: true, status: 'Authorized' })
  })
})

describe('AVS and CVV triggers (the sandbox’s, test-data.json), and the risk rule (the simulator’s)', () => {
  const card = (number: string, cvv?: string, billing_address?: Record<string, string>) => ({ type: 'card', number, expiry_month: 12, expiry_year: 2031, ...(cvv === undefined ? {} : { cvv }), ...(billing_address ? { billing_address } : {}) })

  for (const rule of testData.avs_triggers.rules) {
    it(`address line ${rule.address_line1} with a postcode gives avs_check ${rule.avs_check}`, async () => {
      const response = await pay({ source: card(VISA.number, '100', { address_line1: rule.address_line1, zip: 'W1T 4TJ', country: 'GB' }) })
      expect(response.body.source.avs_check).toBe(rule.avs_check)
    })
  }

  it('gives any other address S, a trigger without a postcode too; no address, no AVS check', async () => {
    expect(testData.avs_triggers.otherwise.avs_check).toBe('S')
    expect((await pay({ source: card(VISA.number, '100', { address_line1: '1 High Street', zip: 'W1T 4TJ' }) })).body.source.avs_check).toBe('S')
    expect((await pay({ source: card(VISA.number, '100', { address_line1: 'Test_N' }) })).body.source.avs_check).toBe('S')
    expect((await pay({})).body.source).not.toHaveProperty('avs_check')
  })

  // The 2025-11 docs: any Visa or Mastercard test card; the 2023 docs named these two.
  for (const number of [...testData.cvv_triggers.cards, '4242424242424242', '5436031030606378']) {
    it(`Visa or Mastercard test card ${number} reports the cvv_check the CVV sent asks for`, async () => {
      for (const rule of testData.cvv_triggers.rules) {
        const cvv = rule.cvv === '*' ? '123' : rule.cvv === '' ? undefined : rule.cvv
        const response = await pay({ source: card(number, cvv) })
        expect(response.body.source.cvv_check, `cvv ${rule.cvv || 'absent'}`).toBe(rule.cvv_check)
      }
    })
  }

  it('matches any CVV on the other schemes, reports none without one, and checks a saved card only when a CVV comes with it', async () => {
    expect((await pay({ source: card('345678901234564', '1204') })).body.source.cvv_check).toBe('Y')
    expect((await pay({ source: card('345678901234564') })).body.source).not.toHaveProperty('cvv_check')
    const first = await pay({ source: card(VISA.number, '100') })
    const saved = first.body.source.id as string
    expect((await pay({ source: { type: 'id', id: saved } })).body.source).not.toHaveProperty('cvv_check')
    expect((await pay({ source: { type: 'id', id: saved, cvv: '204' } })).body.source.cvv_check).toBe('D')
  })

  it('flags a payment whose customer email contains "flag", approved but risk.flagged', async () => {
    const response = await pay({ customer: { email: 'flagged.buyer@example.com', name: 'Flag Test' } })
    expect(response.body).toMatchObject({ approved: true, risk: { flagged: true } })
    expect((await pay({ customer: { email: 'calm.buyer@example.com' } })).body.risk.flagged).toBe(false)
  })
})
