import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/app/dispatch'
import { handlers } from '../../../src-main/app/handler-map'
import type { RiskQueueRow } from '../../../src-main/risk/contract'
import { makeTestApp } from '../../fixtures/app-context'

let app: Awaited<ReturnType<typeof makeTestApp>>
const call = async (name: string, input: unknown = {}) => {
  const result = await dispatch(handlers, app.registry, name, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as any
}
beforeAll(async () => {
  app = await makeTestApp({ simulatorSeed: { count: 1500, days: 20, seed: 31 } })
  app.registry.sync.start({ days: 30 })
  await app.registry.sync.settled()
})
afterAll(() => app.dispose())

describe('the risk review queue', () => {
  it('holds every flagged or risk-declined payment, newest first, in pages, each reviewed payment leaving the open queue and surviving a re-sync', async () => {
    const expected = (app.paymentsSql().prepare("select id from payments where risk_flagged = 1 or (response_code >= '40000' and response_code < '50000') order by created_at desc, id desc").all() as { id: string }[]).map((r) => r.id)
    expect(expected.length).toBeGreaterThan(3)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { rows: RiskQueueRow[]; next: string | null; counts: { open: number; reviewed: number } } = await call('risk.queue', { show: 'all', cursor, limit: 2 })
      seen.push(...page.rows.map((r) => r.id))
      cursor = page.next
    } while (cursor)
    expect(seen).toEqual(expected)

    const first = (await call('risk.queue', { show: 'open' })).rows[0] as RiskQueueRow
    expect(first).toMatchObject({ id: expected[0], review: null })
    expect(first.billing_country).toMatch(/^[A-Z]{2}$/)
    await call('risk.review', { paymentId: first.id, verdict: 'fraud', note: 'Card reported stolen by the issuer' })
    const open = await call('risk.queue', { show: 'open' })
    expect(open.rows.map((r: RiskQueueRow) => r.id)).not.toContain(first.id)
    expect(open.counts).toEqual({ open: expected.length - 1, reviewed: 1 })
    app.registry.sync.start({ days: 30 })
    await app.registry.sync.settled()
    const reviewed = await call('risk.queue', { show: 'reviewed' })
    expect(reviewed.rows).toEqual([expect.objectContaining({ id: first.id, review: expect.objectContaining({ verdict: 'fraud', note: 'Card reported stolen by the issuer' }) })])
    // Taken back, it is open again.
    await call('risk.review', { paymentId: first.id, verdict: null, note: null })
    expect((await call('risk.queue', { show: 'open' })).counts).toEqual({ open: expected.length, reviewed: 0 })
  })
})
