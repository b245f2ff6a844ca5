import { spawn } from 'node:child_process'
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/app/dispatch'
import { handlers } from '../../../src-main/app/handler-map'
import { openCustomer } from '../../../src-main/moto/customer-file'
import { settleUnknown, unresolvedRequests } from '../../../src-main/moto/payment-requests'
import { openPaymentsStore } from '../../../src-main/store/payments-store'
import { syncedTestApp } from '../../fixtures/app-context'
import { motoDeps } from '../../fixtures/moto-deps'

const t = syncedTestApp({ count: 400, days: 20, seed: 21 }, 30)
const { call, sim } = t
// Background reads of a payment awaiting its capture would take the faults tests queue up; the test that follows captures sets its own.
beforeAll(() => {
  t.app.registry.captureFollowMs = []
})
const simPayments = (reference: string) => Object.values(sim().ctx.state.payments).filter((p) => p.reference === reference)
const VISA = { number: '4242424242424242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3, cvv: '100' }

async function newCustomer(email = `caller-${randomUUID().slice(0, 8)}@example.com`) {
  return call('moto.customers.create', { actionId: randomUUID(), email, name: 'Ada Caller', phone: '+44 7700 900123' })
}
async function customerWithCard() {
  const created = await newCustomer()
  return call('moto.cards.add', { actionId: randomUUID(), customerId: created.customer.id, card: VISA, makeDefault: true })
}
const payInput = (customerId: string, extra: Record<string, unknown> = {}) => ({ requestId: randomUUID(), customerId, source: { kind: 'default' }, amount: 4200, currency: 'GBP', reference: `PH-T-${randomUUID().slice(0, 8)}`, capture: true, ...extra })

describe('finding the customer', () => {
  it('finds customers seen in payments by name, email, id and a card’s last 4', async () => {
    const seen = t.app.paymentsSql().prepare("select c.id, c.email, c.name, i.last4 from customers c join instruments i on i.customer_id = c.id where c.name is not null limit 1").get() as { id: string; email: string; name: string; last4: string }
    for (const q of [seen.name.slice(0, 4), seen.email.toUpperCase(), seen.id]) {
      const { rows } = await call('moto.customers.search', { q })
      expect(rows.map((r: { id: string }) => r.id)).toContain(seen.id)
    }
    const byLast4 = await call('moto.customers.search', { q: seen.last4 })
    expect(byLast4.rows.find((r: { id: string }) => r.id === seen.id)?.last4s).toContain(seen.last4)
    // LIKE's own characters are taken literally.
    expect((await call('moto.customers.search', { q: '%%' })).rows).toEqual([])
  })

  it('creates a customer at Checkout.com, finds them by phone, and opens the one that exists for a taken email', async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.com`
    const created = await newCustomer(email)
    expect(created).toMatchObject({ customer: { email, name: 'Ada Caller', phone: '+44 7700 900123' }, cards: [], from: 'checkout' })
    expect(sim().ctx.state.customers[created.customer.id]?.email).toBe(email)
    const byPhone = await call('moto.customers.search', { q: '7700900123' })
    expect(byPhone.rows.map((r: { id: string }) => r.id)).toContain(created.customer.id)
    const again = await call('moto.customers.create', { actionId: randomUUID(), email })
    expect(again.customer.id).toBe(created.customer.id)
    expect(again.warning).toContain('already has a customer')
  })

  it('looks a customer up at Checkout.com by email when none is on this computer', async () => {
    const client = await t.app.registry.checkout.client()
    const email = `remote-${randomUUID().slice(0, 8)}@example.com`
    const { id } = await client.createCustomer(randomUUID(), { email, name: 'Only Remote' })
    expect((await call('moto.customers.search', { q: email })).rows).toEqual([])
    expect((await call('moto.customers.lookup', { q: email })).customer).toMatchObject({ id, email, name: 'Only Remote' })
    expect((await call('moto.customers.lookup', { q: 'nobody-here@example.com' })).customer).toBeNull()
    // Kept: the local search finds them now.
    expect((await call('moto.customers.search', { q: 'Only Remote' })).rows.map((r: { id: string }) => r.id)).toEqual([id])
  })
})

describe('saved cards', () => {
  it('adds a card (tokenised, saved), makes another the default, removes one; an expired card is marked', async () => {
    const file = await customerWithCard()
    expect(file.cards).toEqual([expect.objectContaining({ last4: '4242', isDefault: true, expired: false, scheme: 'Visa' })])
    const customerId = file.customer.id
    const second = await call('moto.cards.add', { actionId: randomUUID(), customerId, card: { number: '5436031030606378', expiryMonth: 1, expiryYear: VISA.expiryYear, cvv: '257' }, makeDefault: false })
    const mastercard = second.cards.find((c: { last4: string }) => c.last4 === '6378')
    expect(mastercard.isDefault).toBe(false)
    const switched = await call('moto.cards.setDefault', { customerId, sourceId: mastercard.id })
    expect(switched.cards[0]).toMatchObject({ id: mastercard.id, isDefault: true })
    expect(sim().ctx.state.customers[customerId]!.defaultInstrument).toBe(mastercard.id)

    // The card expired on file (its expiry set at Checkout.com): marked, and a payment with it refused before any request.
    sim().ctx.state.sources[mastercard.id]!.expiry_year = 2020
    const reopened = await call('moto.customers.open', { id: customerId })
    expect(reopened.cards.find((c: { id: string }) => c.id === mastercard.id)).toMatchObject({ expired: true })
    expect(reopened.cards.at(-1).id).toBe(mastercard.id)
    const before = sim().requestCount()
    await expect(call('moto.payments.create', payInput(customerId, { source: { kind: 'saved', id: mastercard.id } }))).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('expired') })
    expect(sim().requestCount()).toBe(before)

    const removed = await call('moto.cards.remove', { customerId, sourceId: mastercard.id })
    expect(removed.cards.map((c: { last4: string }) => c.last4)).toEqual(['4242'])
    expect(sim().ctx.state.sources[mastercard.id]).toBeUndefined()
  })

  it('shows the cards last known, marked, when Checkout.com cannot be reached', async () => {
    const file = await customerWithCard()
    sim().setFaults({ rate: 1, kinds: ['503'] })
    try {
      const offline = await call('moto.customers.open', { id: file.customer.id })
      expect(offline).toMatchObject({ from: 'local', cards: [expect.objectContaining({ last4: '4242' })], warning: expect.stringContaining('could not be reached') })
    } finally {
      sim().setFaults({})
    }
  })
})

describe('a phone payment', () => {
  it('charges the default card as MOTO with the processing channel, metadata and description, and stores the payment', async () => {
    const channel = 'pc_abcdefghijklmnopqrstuvwxyz'
    await call('settings.save', { environment: 'simulator', publicKey: null, processingChannelId: channel, accountPrefix: null })
    const file = await customerWithCard()
    const input = payInput(file.customer.id, { capture: false, description: 'Phone order 1', metadata: { order: 'A-17' } })
    const { kind, request } = await call('moto.payments.create', input)
    expect(kind).toBe('request')
    expect(request).toMatchObject({ state: 'approved', status: 'Authorized', response_code: '10000', card_last4: '4242', amount: 4200, currency: 'GBP', capture: false, description: 'Phone order 1', customer_email: file.customer.email })
    expect(request.auth_code).toMatch(/^\d{6}$/)
    const made = simPayments(input.reference)
    expect(made).toHaveLength(1)
    expect(made[0]).toMatchObject({ payment_type: 'MOTO', processing_channel_id: channel, capture: false, metadata: { order: 'A-17' }, customerId: file.customer.id })
    // The detail opens from the local store at once.
    expect((await call('payments.get', { id: request.payment_id })).payment).toMatchObject({ reference: input.reference, payment_type: 'MOTO' })
    // The same request again (a second click) answers with the first outcome and sends nothing.
    const before = sim().requestCount()
    expect((await call('moto.payments.create', input)).request.payment_id).toBe(request.payment_id)
    expect(sim().requestCount()).toBe(before)
    await call('settings.save', { environment: 'simulator', publicKey: null, processingChannelId: null, accountPrefix: null })
  })

  it('records soft and hard declines with their codes (the sandbox’s amount triggers)', async () => {
    const file = await customerWithCard()
    const soft = await call('moto.payments.create', payInput(file.customer.id, { amount: 1051 }))
    expect(soft.request).toMatchObject({ state: 'declined', response_code: '20051', status: 'Declined' })
    const hard = await call('moto.payments.create', payInput(file.customer.id, { amount: 1033 }))
    expect(hard.request).toMatchObject({ state: 'declined', response_code: '30033' })
  })

  it('pays with a new card tokenised and saved, then reuses the saved card with its CVV; nothing keeps the digits', async () => {
    const created = await newCustomer()
    const card = { number: '4543474002249996', expiryMonth: 6, expiryYear: VISA.expiryYear, cvv: '956' }
    const first = await call('moto.payments.create', payInput(created.customer.id, { source: { kind: 'new_card', card, save: true } }))
    expect(first.request).toMatchObject({ state: 'approved', source_kind: 'new_card', card_last4: '9996' })
    const file = await call('moto.customers.open', { id: created.customer.id })
    const saved = file.cards.find((c: { last4: string }) => c.last4 === '9996')
    expect(saved).toBeDefined()
    const reused = await call('moto.payments.create', payInput(created.customer.id, { source: { kind: 'saved', id: saved.id, cvv: '956' }, amount: 2600 }))
    expect(reused.request).toMatchObject({ state: 'approved', source_id: saved.id, cvv_check: 'Y' })
    const stored = t.app.paymentsSql().prepare('select body_json from payment_requests where id = ?').get(reused.request.id) as { body_json: string }
    expect(JSON.parse(stored.body_json).source).toEqual({ type: 'id', id: saved.id })
    // Not saved when the agent says not to.
    const other = await newCustomer()
    await call('moto.payments.create', payInput(other.customer.id, { source: { kind: 'new_card', card, save: false } }))
    expect((await call('moto.customers.open', { id: other.customer.id })).cards).toEqual([])
    const everything = JSON.stringify(t.app.paymentsSql().prepare('select * from payment_requests').all()) + t.app.logger.lines.join('\n')
    expect(everything).not.toContain(card.number)
    expect(everything).not.toMatch(/"956"|cvv":/)
  })

  it('asks before a second payment for the same customer, amount and currency within 10 minutes, whatever the reference', async () => {
    const file = await customerWithCard()
    const first = await call('moto.payments.create', payInput(file.customer.id))
    // A new form suggests a new reference: still the same charge.
    const second = payInput(file.customer.id)
    const repeat = await call('moto.payments.create', second)
    expect(repeat).toMatchObject({ kind: 'duplicate', earlier: { id: first.request.id } })
    expect(simPayments(second.reference)).toHaveLength(0)
    // Another amount or currency is another charge.
    expect((await call('moto.payments.create', payInput(file.customer.id, { amount: 4201 }))).kind).toBe('request')
    expect((await call('moto.payments.create', payInput(file.customer.id, { currency: 'EUR' }))).kind).toBe('request')
  })

  it('refuses a new payment while an earlier one of the same amount has no answer, even confirmed; then allows it once settled', { timeout: 60_000 }, async () => {
    const file = await customerWithCard()
    const first = payInput(file.customer.id)
    sim().setFaults({ next: Array(6).fill('reset') })
    expect((await call('moto.payments.create', first)).request.state).toBe('unknown')
    sim().setFaults({})
    // The issue: five dropped answers, then "Charge again" from a new form gave two payments.
    for (const confirmDuplicate of [false, true]) {
      await expect(call('moto.payments.create', payInput(file.customer.id, { confirmDuplicate }))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('has no answer from Checkout.com yet') })
    }
    expect(Object.values(sim().ctx.state.payments).filter((p) => p.customerId === file.customer.id && p.amount === 4200)).toHaveLength(1)
    expect((await call('moto.payments.resolve', { requestId: first.requestId })).state).toBe('approved')
    expect((await call('moto.payments.create', payInput(file.customer.id, { confirmDuplicate: true }))).request.state).toBe('approved')
  })

  it('an answer lost, asked about a day later by Checkout.com’s clock: found by its tag, never sent again', { timeout: 60_000 }, async () => {
    const file = await customerWithCard()
    const input = payInput(file.customer.id, { amount: 7700 })
    sim().setFaults({ next: Array(6).fill('reset') })
    expect((await call('moto.payments.create', input)).request.state).toBe('unknown')
    sim().setFaults({})
    expect(simPayments(input.reference)).toHaveLength(1)
    expect(simPayments(input.reference)[0]!.metadata).toMatchObject({ paydesk_request: input.requestId })
    sim().advanceClock(90_000 * 1000)
    const settled = await call('moto.payments.resolve', { requestId: input.requestId, ifMissing: 'send' })
    expect(settled).toMatchObject({ state: 'approved', payment_id: simPayments(input.reference)[0]!.id })
    expect(simPayments(input.reference)).toHaveLength(1)
  })

  it('reads an approved payment again once its automatic capture is due, so the list shows it captured without a sync', async () => {
    t.app.registry.captureFollowMs = [2_500, 2_000]
    try {
      const file = await customerWithCard()
      const paid = await call('moto.payments.create', payInput(file.customer.id, { amount: 5100 }))
      const status = () => (t.app.paymentsSql().prepare('select status from payments where id = ?').get(paid.request.payment_id) as { status: string }).status
      expect(status()).toBe('Authorized')
      await expect.poll(status, { timeout: 8_000, interval: 250 }).toBe('Captured')
    } finally {
      t.app.registry.captureFollowMs = []
    }
  })

  it('does not save a card that was just declined on the customer', async () => {
    const created = await newCustomer()
    const declining = { number: '4111111111111129', expiryMonth: 6, expiryYear: VISA.expiryYear, cvv: '123' }
    const declined = await call('moto.payments.create', payInput(created.customer.id, { source: { kind: 'new_card', card: declining, save: true } }))
    expect(declined.request.state).toBe('declined')
    expect((await call('moto.customers.open', { id: created.customer.id })).cards).toEqual([])
  })

  it('keeps no card number, CVV, or hash or HMAC of them, in the data folder or the simulator’s state', async () => {
    const created = await newCustomer()
    const card = { number: '5436031030606378', expiryMonth: 7, expiryYear: VISA.expiryYear, cvv: '257' }
    const paid = await call('moto.payments.create', payInput(created.customer.id, { amount: 3300, source: { kind: 'new_card', card, save: true } }))
    expect(paid.request.state).toBe('approved')
    // The simulator writes its journal a moment after a change.
    await new Promise((resolve) => setTimeout(resolve, 600))
    const body = { type: 'card', number: card.number, expiry_month: card.expiryMonth, expiry_year: card.expiryYear, cvv: card.cvv }
    const sha = (text: string) => createHash('sha256').update(text).digest('hex')
    const hmac = (key: string) => createHmac('sha256', key).update(card.number).digest('hex')
    // What the simulator kept before: a hash of each POST /tokens body, an HMAC of the number under a key in the code.
    const secrets = [card.number, sha(card.number), sha(`${card.number}${card.cvv}`), sha(`POST /tokens\n${JSON.stringify(body)}`), hmac('paydesk-simulator'), `"cvv":"${card.cvv}"`]
    const files = readdirSync(t.app.dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
    expect(files.some((f) => f.endsWith('simulator-state.json'))).toBe(true)
    const everything = [...files.map((f) => readFileSync(f).toString('latin1')), JSON.stringify(sim().ctx.state)].join('\n')
    for (const secret of secrets) {
      expect(everything.includes(secret), secret.slice(0, 12)).toBe(false)
      expect(everything.includes(secret.toUpperCase()), secret.slice(0, 12)).toBe(false)
    }
  })

  it('asks before a second payment for the same customer, amount and reference within 10 minutes', async () => {
    const file = await customerWithCard()
    const input = payInput(file.customer.id)
    const first = await call('moto.payments.create', input)
    const repeat = await call('moto.payments.create', { ...input, requestId: randomUUID() })
    expect(repeat).toMatchObject({ kind: 'duplicate', earlier: { id: first.request.id, payment_id: first.request.payment_id } })
    expect(simPayments(input.reference)).toHaveLength(1)
    const confirmed = await call('moto.payments.create', { ...input, requestId: randomUUID(), confirmDuplicate: true })
    expect(confirmed.request.state).toBe('approved')
    expect(simPayments(input.reference)).toHaveLength(2)
  })

  it('after answers lost in the network, a retry settles by reference: exactly one payment', { timeout: 60_000 }, async () => {
    const file = await customerWithCard()
    const input = payInput(file.customer.id)
    // Every attempt is processed and its answer lost (the connection reset after handling).
    sim().setFaults({ next: Array(6).fill('reset') })
    const lost = await call('moto.payments.create', input)
    sim().setFaults({})
    expect(lost.request).toMatchObject({ state: 'unknown', error: expect.stringContaining('Checkout.com') })
    expect((await call('moto.payments.unresolved')).rows.map((r: { id: string }) => r.id)).toContain(input.requestId)
    expect(simPayments(input.reference)).toHaveLength(1)
    const retried = await call('moto.payments.create', input)
    expect(retried.request).toMatchObject({ state: 'approved', payment_id: simPayments(input.reference)[0]!.id })
    expect(simPayments(input.reference)).toHaveLength(1)
    expect((await call('moto.payments.unresolved')).rows.map((r: { id: string }) => r.id)).not.toContain(input.requestId)
  })

  it('when nothing arrived, says so and sends it again under the same key only when asked', { timeout: 60_000 }, async () => {
    const file = await customerWithCard()
    const input = payInput(file.customer.id)
    sim().setFaults({ next: Array(6).fill('503') })
    const failed = await call('moto.payments.create', input)
    sim().setFaults({})
    expect(failed.request.state).toBe('unknown')
    expect(simPayments(input.reference)).toHaveLength(0)
    const asked = await call('moto.payments.resolve', { requestId: input.requestId })
    expect(asked).toMatchObject({ state: 'unknown', error: expect.stringContaining('has no payment with reference') })
    expect(simPayments(input.reference)).toHaveLength(0)
    const sent = await call('moto.payments.resolve', { requestId: input.requestId, ifMissing: 'send' })
    expect(sent.state).toBe('approved')
    expect(simPayments(input.reference)).toHaveLength(1)
    // Marking one as not taken, for the case the agent chose that instead.
    const other = payInput(file.customer.id, { amount: 4300 })
    sim().setFaults({ next: Array(6).fill('503') })
    await call('moto.payments.create', other)
    sim().setFaults({})
    expect(await call('moto.payments.resolve', { requestId: other.requestId, ifMissing: 'cancel' })).toMatchObject({ state: 'failed', error: expect.stringContaining('not taken') })
  })

  it('checks each rule of the form in the main process too, sending nothing', async () => {
    const file = await customerWithCard()
    const before = sim().requestCount()
    const bad = [
      { source: { kind: 'new_card', card: { ...VISA, number: '4242424242424241' }, save: false } },
      { source: { kind: 'new_card', card: { ...VISA, number: '42424242424242' }, save: false } },
      { source: { kind: 'new_card', card: { ...VISA, expiryYear: 2021 }, save: false } },
      { source: { kind: 'new_card', card: { ...VISA, cvv: '12' }, save: false } },
      { source: { kind: 'new_card', card: { ...VISA, number: '345678901234564', cvv: '123' }, save: false } },
      { amount: 0 },
      { amount: 10.5 },
      { reference: ' ' },
    ]
    for (const change of bad) {
      const result = await dispatch(handlers, t.app.registry, 'moto.payments.create', payInput(file.customer.id, change))
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input')
        expect(result.error.message).not.toContain('4242424242424')
      }
    }
    expect(sim().requestCount()).toBe(before)
  })
})

describe('a crash between the intent and the outcome', () => {
  function runChild(file: string, request: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../fixtures/moto-child.ts'), sim().url, sim().secretKey, sim().publicKey, file, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += d))
      child.stdout.on('data', (data: Buffer) => {
        // The request is written and on its way; Checkout.com holds the answer. Kill it there.
        if (data.toString().includes('intent')) setTimeout(() => child.kill('SIGKILL'), 400)
      })
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child was not killed: ${stderr}`))))
    })
  }

  for (const when of ['processed', 'never arrived'] as const) {
    it(`is shown unresolved on the next start and settled by reference, never sent blind (${when})`, { timeout: 60_000 }, async () => {
      const file = await customerWithCard()
      const input = payInput(file.customer.id)
      // The store is used by the child alone while it runs, as by the app after a restart.
      const path = join(t.app.dataDir, `moto-crash-${when.replace(' ', '-')}.sqlite`)
      const seeded = await openPaymentsStore(path)
      const deps = motoDeps(seeded, sim())
      // The customer and their cards as the app had them before the crash.
      await openCustomer(deps, file.customer.id)
      await seeded.close()
      sim().setFaults(when === 'processed' ? { next: ['timeout'], timeoutMs: 30_000 } : { next: ['latency'], latencyMs: 30_000 })
      await runChild(path, input)
      sim().setFaults({})

      const restarted = await openPaymentsStore(path)
      const again = motoDeps(restarted, sim())
      try {
        const unresolved = await unresolvedRequests(restarted.db)
        expect(unresolved).toEqual([expect.objectContaining({ id: input.requestId, state: 'sending', reference: input.reference })])
        const settled = await settleUnknown(again, input.requestId, 'ask')
        if (when === 'processed') {
          expect(settled).toMatchObject({ state: 'approved', payment_id: simPayments(input.reference)[0]!.id })
        } else {
          expect(settled.state).toBe('unknown')
          expect(simPayments(input.reference)).toHaveLength(0)
          expect((await settleUnknown(again, input.requestId, 'send')).state).toBe('approved')
        }
        expect(simPayments(input.reference)).toHaveLength(1)
      } finally {
        await again.close()
        await deps.close()
        await restarted.close()
      }
    })
  }
})
