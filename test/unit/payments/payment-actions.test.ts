import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CheckoutError } from '../../../src-main/checkout/errors'
import { formatMinorDecimal } from '../../../src-main/reference/minor-units'
import { syncedTestApp } from '../../fixtures/app-context'

const t = syncedTestApp({ count: 600, days: 20, seed: 12 }, 30)
const { call, sim } = t

async function findStored(status: string): Promise<string> {
  const { rows } = await call('payments.list', { filter: { status: [status] }, sort: {}, cursor: null, limit: 50 })
  expect(rows.length).toBeGreaterThan(0)
  return rows[0].id
}

describe('capture, refund and void from the detail', () => {
  it('captures part, then refunds part, with the timeline, balances and local log updated', async () => {
    const id = await findStored('Authorized')
    const before = await call('payments.get', { id })
    expect(before.allowed.capture).toBe(before.payment.amount)
    expect(before.allowed.void).toBe(true)
    const actionId = randomUUID()
    const captured = await call('payments.capture', { id, actionId, amount: 100, reference: 'part one' })
    expect(captured.payment).toMatchObject({ status: 'Partially Captured', captured_amount: 100 })
    expect(captured.actions.map((a: { type: string }) => a.type)).toEqual(['Authorization', 'Capture'])
    expect(captured.log.at(-1)).toMatchObject({ kind: 'capture', amount: 100, outcome: 'accepted', reference: 'part one', requested_by: expect.any(String) })
    // The same user action again (a double click, a retry) captures nothing more.
    await call('payments.capture', { id, actionId, amount: 100, reference: 'part one' })
    expect(sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')).toHaveLength(1)

    const refunded = await call('payments.refund', { id, actionId: randomUUID(), amount: 40 })
    expect(refunded.payment).toMatchObject({ status: 'Partially Refunded', refunded_amount: 40 })
    expect(refunded.allowed.refund).toBe(60)
  })

  it('voids an open authorisation', async () => {
    const id = await findStored('Authorized')
    const voided = await call('payments.void', { id, actionId: randomUUID(), reference: 'customer cancelled' })
    expect(voided.payment.status).toBe('Voided')
    expect(voided.allowed).toEqual({ capture: 0, refund: 0, void: false })
  })

  it('refuses, before any request, what the state or the balance does not allow', async () => {
    const id = await findStored('Declined')
    const requests = sim().requestCount()
    await expect(call('payments.capture', { id, actionId: randomUUID() })).rejects.toMatchObject({ code: 'conflict' })
    const captured = await findStored('Captured')
    const detail = await call('payments.get', { id: captured })
    await expect(call('payments.refund', { id: captured, actionId: randomUUID(), amount: detail.allowed.refund + 1 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(`The most that can be refunded is ${detail.payment.currency} ${formatMinorDecimal(detail.allowed.refund, detail.payment.currency)}`) })
    // Neither reached Checkout.com.
    expect(sim().requestCount()).toBe(requests)
    expect((await call('payments.get', { id: captured })).log).toEqual([])
  })

  it('records a refusal from Checkout.com in the local log', async () => {
    const id = await findStored('Captured')
    // Refund it all behind Paydesk's back, so the stored balance is stale.
    await (await t.app.registry.checkout.client()).refund(randomUUID(), id, {})
    // Said in words from the payment as it is now, not as Checkout.com's code.
    await expect(call('payments.refund', { id, actionId: randomUUID(), amount: 1 })).rejects.toMatchObject({ code: 'refused', message: 'Checkout.com refused the refund: nothing is left to refund (the payment is Refunded now).' })
    const detail = await call('payments.get', { id })
    expect(detail.log.at(-1)).toMatchObject({ kind: 'refund', outcome: 'refused', error: expect.stringContaining('403') })
  })
})

describe('a refusal', () => {
  it('says how much is left, from the payment read again, when the stored balance was behind', async () => {
    const rows = (await call('payments.list', { filter: { status: ['Captured'] }, sort: {}, cursor: null, limit: 50 })).rows as { id: string; amount: number }[]
    const { id, amount } = rows.find((r) => r.amount > 500)!
    await (await t.app.registry.checkout.client()).refund(randomUUID(), id, { amount: 200 })
    const stale = await call('payments.get', { id })
    expect(stale.allowed.refund).toBe(amount) // this computer does not know yet
    const { currency } = stale.payment
    await expect(call('payments.refund', { id, actionId: randomUUID(), amount })).rejects.toMatchObject({ code: 'refused', message: `Checkout.com refused the refund: only ${currency} ${formatMinorDecimal(amount - 200, currency)} is left to refund.` })
    expect((await call('payments.get', { id })).allowed.refund).toBe(amount - 200)
  })
})

describe('an action whose answer is lost', () => {
  it('is unknown, not failed: nothing else is offered until the same request, sent again, tells what happened', async () => {
    const id = await findStored('Authorized')
    // The capture is processed and its answer lost (reset); every retry then meets a 500.
    sim().setFaults({ next: ['reset', '500', '500', '500', '500', '500', '500', '500'], retryAfterSeconds: 0 })
    const first = randomUUID()
    await expect(call('payments.capture', { id, actionId: first, amount: 400 })).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('may have gone through') })
    sim().setFaults({ next: [] })
    expect(sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture').map((a) => a.amount)).toEqual([400])
    const held = await call('payments.get', { id })
    expect(held.unresolved).toEqual([expect.objectContaining({ kind: 'capture', amount: 400 })])
    expect(held.allowed).toEqual({ capture: 0, refund: 0, void: false })
    // A new capture from a new dialog is refused here, before it reaches Checkout.com.
    const requests = sim().requestCount()
    await expect(call('payments.capture', { id, actionId: randomUUID(), amount: 400 })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('may have gone through') })
    expect(sim().requestCount()).toBe(requests)
    // Sent again with its own key: Checkout.com answers with the first outcome; nothing is captured twice.
    const settled = await call('payments.resolve', { id })
    expect(settled.unresolved).toEqual([])
    expect(settled.log.at(-1)).toMatchObject({ kind: 'capture', amount: 400, outcome: 'accepted' })
    expect(settled.payment).toMatchObject({ status: 'Partially Captured', captured_amount: 400 })
    expect(sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')).toHaveLength(1)
  }, 30_000)

  it('is asked about again by itself a few seconds later, when nobody presses the button', async () => {
    const id = await findStored('Authorized')
    sim().setFaults({ next: ['reset', '500', '500', '500', '500', '500', '500', '500'], retryAfterSeconds: 0 })
    await expect(call('payments.capture', { id, actionId: randomUUID(), amount: 300 })).rejects.toMatchObject({ code: 'unreachable' })
    sim().setFaults({ next: [] })
    expect((await call('payments.get', { id })).unresolved).toHaveLength(1)
    await expect.poll(async () => (await call('payments.get', { id })).unresolved.length, { timeout: 9_000, interval: 500 }).toBe(0)
    expect((await call('payments.get', { id })).log.at(-1)).toMatchObject({ kind: 'capture', amount: 300, outcome: 'accepted' })
    expect(sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')).toHaveLength(1)
  }, 30_000)

  it('five identical requests at once (one user action) make one POST and one log row', async () => {
    const id = await findStored('Authorized')
    const actionId = randomUUID()
    const requests = sim().requestCount()
    const results = await Promise.all(Array.from({ length: 5 }, () => call('payments.capture', { id, actionId, amount: 50 })))
    expect(results.every((r) => r.payment.captured_amount === 50)).toBe(true)
    // One capture POST and one refresh (GET /payments/{id} and its actions), not five of each.
    expect(sim().requestCount() - requests).toBeLessThanOrEqual(4)
    expect((await call('payments.get', { id })).log.filter((l: { kind: string }) => l.kind === 'capture')).toHaveLength(1)
    expect(sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')).toHaveLength(1)
  })
})

describe('an action accepted whose refresh then fails', () => {
  it('reports the accepted action and marks the payment stale, instead of an error', async () => {
    const id = await findStored('Authorized')
    const refresh = t.app.registry.refreshPayment
    t.app.registry.refreshPayment = async () => {
      throw new CheckoutError('server', 'Checkout.com answered 503 for GET /payments.')
    }
    try {
      const result = await call('payments.capture', { id, actionId: randomUUID(), amount: 100 })
      expect(result.stale).toMatch(/capture was accepted by Checkout.com, but the payment could not be fetched again/)
      expect(result.log.at(-1)).toMatchObject({ kind: 'capture', outcome: 'accepted' })
      // The money moved at Checkout.com.
      expect(sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')).toHaveLength(1)
      expect(t.app.logger.lines.join('\n')).toContain('refresh after an accepted action failed')
    } finally {
      t.app.registry.refreshPayment = refresh
    }
    // A later refresh brings the stored copy up to date and clears the mark.
    const fresh = await call('payments.refresh', { id })
    expect(fresh).toMatchObject({ payment: { status: 'Partially Captured', captured_amount: 100 }, stale: null })
  })
})

describe('CSV export', () => {
  it('writes every row of the filtered set with the documented columns, and its totals match', async () => {
    const filter = { outcome: 'approved' as const, currency: ['GBP'] }
    // A reference a customer could have chosen, which a spreadsheet would run.
    const writable = (t.app.registry.store() as unknown as { sqlite: import('better-sqlite3').Database }).sqlite
    const planted = (writable.prepare("select id from payments where approved = 1 and currency = 'GBP' limit 1").get() as { id: string }).id
    writable.prepare('update payments set reference = ? where id = ?').run('=HYPERLINK("http://evil.example","x")', planted)
    await call('payments.export.start', { filter, sort: { by: 'amount', dir: 'asc' }, timeZone: 'Asia/Tokyo' })
    await t.app.registry.jobs.settled()
    const status = await call('payments.export.status')
    expect(status).toMatchObject({ state: 'done', error: null })
    const totals = await call('payments.totals', { filter })
    expect(status.result.rows).toBe(totals.count)
    const records = parse(readFileSync(status.result.file, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(Object.keys(records[0]!)).toEqual([
      'id', 'created_at (Asia/Tokyo)', 'reference', 'currency', 'amount_minor', 'amount', 'status', 'approved', 'response_code', 'response_summary', 'scheme', 'last4', 'customer_id', 'customer_email', 'avs_check', 'cvv_check', 'risk_flagged', 'payment_type', 'auth_code',
      'processed_at (Asia/Tokyo)', 'customer_name', 'processing_channel_id', 'captured_minor', 'captured', 'refunded_minor', 'refunded', 'fees_minor', 'fees', 'net_minor', 'net',
    ])
    // Dates are Tokyo's wall clock (UTC+9, no daylight saving), to the second.
    const createdAt = new Map((t.app.paymentsSql().prepare('select id, created_at from payments').all() as { id: string; created_at: string }[]).map((r) => [r.id, r.created_at]))
    for (const r of records.slice(0, 50)) {
      const utc = createdAt.get(r.id!)!
      expect(r['created_at (Asia/Tokyo)']).toBe(new Date(Date.parse(utc) + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '))
    }
    expect(records.find((r) => r.id === planted)!.reference).toBe('\'=HYPERLINK("http://evil.example","x")')
    // Captured and refunded are the store's; net is captured less refunded less fees, where fees are known.
    const stored = new Map((t.app.paymentsSql().prepare('select id, captured_amount, refunded_amount from payments').all() as { id: string; captured_amount: number; refunded_amount: number }[]).map((r) => [r.id, r]))
    for (const r of records) {
      expect(Number(r.captured_minor)).toBe(stored.get(r.id!)!.captured_amount)
      expect(Number(r.refunded_minor)).toBe(stored.get(r.id!)!.refunded_amount)
      // Net is the Money panel's: captured less refunded less the fees reported so far (none: fees empty).
      expect(Number(r.net_minor)).toBe(Number(r.captured_minor) - Number(r.refunded_minor) - Number(r.fees_minor || 0))
    }
    expect(records.some((r) => r.fees_minor !== '' && Number(r.fees_minor) > 0)).toBe(true)
    expect(records.length).toBe(totals.count)
    for (const { currency, gross, net } of totals.byCurrency) {
      expect(records.filter((r) => r.currency === currency).reduce((s, r) => s + Number(r.amount_minor), 0)).toBe(gross)
      // The issue: the panel said GBP 100,115.77 and the CSV summed to 98,946.55 (net left empty while fees were pending).
      expect(records.filter((r) => r.currency === currency).reduce((s, r) => s + Number(r.net_minor), 0)).toBe(net)
    }
    expect(records.some((r) => r.fees_minor === '' && Number(r.captured_minor) > 0)).toBe(true)
    const amounts = records.map((r) => Number(r.amount_minor))
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b))
    expect(records.every((r) => r.approved === 'true' && r.currency === 'GBP')).toBe(true)
    expect(records[0]!.amount).toMatch(/^\d+\.\d{2}$/)
  })
})
