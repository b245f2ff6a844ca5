import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { idempotencyKeyFor } from '../../../src-main/checkout/idempotency'
import { syncedTestApp } from '../../fixtures/app-context'

// The outcome of a capture, refund or void whose answer was lost, learnt a day later: Checkout.com
// keeps an idempotency key 24 hours, so a resend after that would act a second time. These tests
// move the simulator's clock (Checkout.com's) and leave this computer's alone, as a laptop whose
// clock disagrees with the server's would.

const t = syncedTestApp({ count: 400, days: 5, seed: 27 }, 10)
const { call, sim } = t
const DAY_AND_A_BIT_MS = 90_000 * 1000
const used = new Set<string>()

/** A payment this computer and Checkout.com both know as open, each test its own. */
async function openAuthorisation(): Promise<{ id: string; amount: number }> {
  const { rows } = await call('payments.list', { filter: { status: ['Authorized'] }, sort: {}, cursor: null, limit: 100 })
  const row = (rows as { id: string; amount: number }[]).find((r) => !used.has(r.id) && r.amount >= 1000 && sim().ctx.state.payments[r.id]!.status === 'Authorized')!
  used.add(row.id)
  return row
}
const captures = (id: string) => sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')

describe('an action left without an answer, asked about a day later', () => {
  it('is found among the payment’s actions by its tag and settled, never sent again (the issue’s repro)', async () => {
    const { id } = await openAuthorisation()
    // Processed at Checkout.com, its answer lost five times over.
    sim().setFaults({ next: ['reset', 'reset', 'reset', 'reset', 'reset'], retryAfterSeconds: 0 })
    await expect(call('payments.capture', { id, actionId: randomUUID(), amount: 400 })).rejects.toMatchObject({ code: 'unreachable' })
    sim().setFaults({ next: [] })
    expect(captures(id).map((a) => a.amount)).toEqual([400])
    // Checkout.com's day passes (the key is gone there); this computer's clock has not moved.
    sim().advanceClock(DAY_AND_A_BIT_MS)
    const opened = await call('payments.resolve', { id })
    expect(opened.unresolved).toEqual([])
    expect(opened.log.at(-1)).toMatchObject({ kind: 'capture', amount: 400, outcome: 'accepted' })
    expect(opened.payment.captured_amount).toBe(400)
    expect(captures(id)).toHaveLength(1)
    expect(captures(id)[0]!.metadata).toEqual({ paydesk_action: expect.any(String) })
  })

  it('that never arrived is not sent again once its key may have expired, until a person confirms', async () => {
    const { id } = await openAuthorisation()
    // Refused before it was handled, every time: nothing was captured.
    sim().setFaults({ next: Array(10).fill('503'), retryAfterSeconds: 0 })
    await expect(call('payments.capture', { id, actionId: randomUUID(), amount: 300 })).rejects.toMatchObject({ code: 'unreachable' })
    sim().setFaults({ next: [] })
    expect(captures(id)).toHaveLength(0)
    sim().advanceClock(DAY_AND_A_BIT_MS)
    const held = await call('payments.resolve', { id })
    expect(held.unresolved).toEqual([expect.objectContaining({ kind: 'capture', amount: 300, confirm_resend: 1, error: expect.stringContaining('over a day old') })])
    expect(captures(id)).toHaveLength(0)
    // Asked again without the confirmation: still nothing sent.
    await call('payments.resolve', { id })
    expect(captures(id)).toHaveLength(0)
    const sent = await call('payments.resolve', { id, confirmResend: true })
    expect(sent.unresolved).toEqual([])
    expect(sent.log.at(-1)).toMatchObject({ kind: 'capture', amount: 300, outcome: 'accepted' })
    expect(captures(id).map((a) => a.amount)).toEqual([300])
  })

  it('that never arrived is sent again under its key at once while the key is alive', async () => {
    const { id } = await openAuthorisation()
    sim().setFaults({ next: Array(10).fill('503'), retryAfterSeconds: 0 })
    await expect(call('payments.capture', { id, actionId: randomUUID(), amount: 200 })).rejects.toMatchObject({ code: 'unreachable' })
    sim().setFaults({ next: [] })
    const settled = await call('payments.resolve', { id })
    expect(settled.unresolved).toEqual([])
    expect(captures(id).map((a) => a.amount)).toEqual([200])
  })

  it('logged before actions were tagged is matched by type, amount and time, and not sent again', async () => {
    const { id } = await openAuthorisation()
    const requestId = randomUUID()
    const body = { amount: 250 }
    // What an older Paydesk sent (no metadata) and logged, its answer lost.
    await (await t.app.registry.checkout.client()).capture(requestId, id, body)
    const writable = (t.app.registry.store() as unknown as { sqlite: import('better-sqlite3').Database }).sqlite
    writable
      .prepare("insert into payment_action_log (payment_id, kind, amount, currency, reference, requested_at, requested_by, idempotency_key, request_id, outcome, action_id, error) values (?, 'capture', 250, 'GBP', null, ?, 'older paydesk', ?, ?, 'unknown', null, null)")
      .run(id, new Date(Date.now() - 60_000).toISOString(), idempotencyKeyFor(requestId, `capture ${id}`, body), requestId)
    sim().advanceClock(DAY_AND_A_BIT_MS)
    const settled = await call('payments.resolve', { id })
    expect(settled.unresolved).toEqual([])
    expect(settled.log.at(-1)).toMatchObject({ kind: 'capture', amount: 250, outcome: 'accepted' })
    expect(captures(id)).toHaveLength(1)
  })
})

describe('actions started at once on one payment', () => {
  it('ten refunds with different action ids: one is sent, the others are told which is in flight', async () => {
    const { rows } = await call('payments.list', { filter: { status: ['Captured'] }, sort: {}, cursor: null, limit: 100 })
    const { id } = (rows as { id: string; amount: number }[]).find((r) => r.amount >= 1000 && sim().ctx.state.payments[r.id]!.status === 'Captured')!
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => call('payments.refund', { id, actionId: randomUUID(), amount: 100 })))
    const refunds = sim().ctx.state.payments[id]!.actions.filter((a) => a.type === 'Refund')
    expect(refunds).toHaveLength(1)
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused).toHaveLength(9)
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^A refund of [A-Z]{3} 1\.00, started by .* is in flight or has no answer yet/) })
    expect((await call('payments.get', { id })).log.filter((l: { kind: string }) => l.kind === 'refund')).toHaveLength(1)
  })
})
