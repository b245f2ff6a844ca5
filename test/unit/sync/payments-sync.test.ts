import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CheckoutError } from '../../../src-main/checkout/errors'
import { seededRandom } from '../../../src-main/simulator/random'
import { syncPayments, type SyncProgress } from '../../../src-main/sync/payments-sync'
import { PREVIOUS_PLATFORM_KEY } from '../../fixtures/simulator-client'
import { RANGE, simulatorTruth, startSyncHarness, storeContents, storeSnapshot, visibleSourceIds } from '../../fixtures/sync-harness'

let h: Awaited<ReturnType<typeof startSyncHarness>>
// The reconciliation report path is the previous platform's: its key format.
beforeAll(async () => (h = await startSyncHarness(2500, { secretKey: PREVIOUS_PLATFORM_KEY })))
afterAll(() => h.close())

describe('payments sync', () => {
  it('stores every payment and action of the range, with fees from the report, and reports progress', async () => {
    const store = await h.openStore()
    const progress: SyncProgress[] = []
    const summary = await syncPayments(h.deps(store), { ...RANGE, pageSize: 200, onProgress: (p) => progress.push(p) })
    expect(summary).toMatchObject({ created: 2500, updated: 0, failed: [], resumed: false, pages: 13 })
    expect(storeContents(store)).toEqual(simulatorTruth(h.sim))
    expect(progress.at(-1)).toMatchObject({ pages: 13, payments: 2500, fraction: 1, etaSeconds: 0 })
    expect(progress.map((p) => p.fraction)).toEqual([...progress.map((p) => p.fraction)].sort((a, b) => a - b))
    expect(progress[0]!.rate).toBeGreaterThan(0)
    // Captures carry their gross and fees from the reconciliation report, as fee lines.
    const capture = store.sqlite
      .prepare("select a.amount, sum(case when f.breakdown_type = 'Gross' then f.processing_micro end) as gross, sum(case when f.breakdown_type <> 'Gross' then f.processing_micro end) as fees from payment_actions a join fee_lines f on f.action_id = a.id where a.type = 'Capture' group by a.id limit 1")
      .get() as { amount: number; gross: number; fees: number }
    expect(capture.gross).toBe(capture.amount * 1_000_000)
    expect(capture.fees).toBeLessThan(0)

    // A second sync of the same range changes nothing and stores nothing twice.
    const again = await syncPayments(h.deps(store), { ...RANGE, pageSize: 200 })
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2500 })
    expect(storeContents(store)).toEqual(simulatorTruth(h.sim))
  })

  it('keeps the customers and saved cards the payments used, for phone orders', async () => {
    const store = await h.openStore()
    await syncPayments(h.deps(store), { ...RANGE, pageSize: 500 })
    const state = h.sim.ctx.state
    const payments = Object.values(state.payments)
    const customerIds = [...new Set(payments.map((p) => p.customerId).filter(Boolean))].sort()
    const customers = store.sqlite.prepare('select id, email, name from customers order by id').all() as { id: string; email: string; name: string | null }[]
    expect(customers.map((c) => c.id)).toEqual(customerIds)
    for (const c of customers) expect(c).toEqual({ id: c.id, email: state.customers[c.id]!.email, name: state.customers[c.id]!.name ?? null })
    const sourceIds = visibleSourceIds(state)
    const instruments = store.sqlite.prepare('select id, customer_id, last4, expiry_month, expiry_year, fingerprint from instruments order by id').all() as { id: string }[]
    expect(instruments.map((i) => i.id)).toEqual(sourceIds)
    for (const i of instruments) {
      const source = state.sources[i.id]!
      expect(i).toEqual({ id: source.id, customer_id: source.customerId ?? null, last4: source.last4, expiry_month: source.expiry_month, expiry_year: source.expiry_year, fingerprint: source.fingerprint })
    }
  })

  it('picks up later changes to payments it already has (a refund)', async () => {
    const store = await h.openStore()
    await syncPayments(h.deps(store), { ...RANGE, pageSize: 500 })
    const captured = Object.values(h.sim.ctx.state.payments).find((p) => p.status === 'Captured' && p.amount > 100)!
    await h.client.refund('test-refund', captured.id, { amount: 100 })
    const summary = await syncPayments(h.deps(store), { ...RANGE, pageSize: 500 })
    expect(summary.updated).toBe(1)
    const row = store.sqlite.prepare('select status, captured_amount, refunded_amount from payments where id = ?').get(captured.id)
    expect(row).toEqual({ status: 'Partially Refunded', captured_amount: captured.amount, refunded_amount: 100 })
    expect(storeContents(store)).toEqual(simulatorTruth(h.sim))
  })

  it('resumes after being stopped anywhere, and ends with the same rows as an uninterrupted sync', async () => {
    const reference = await h.openStore()
    await syncPayments(h.deps(reference), { ...RANGE, pageSize: 150 })
    const expected = storeSnapshot(reference)

    const store = await h.openStore()
    const random = seededRandom(5)
    let runs = 0
    let stops = 0
    for (;;) {
      runs++
      const controller = new AbortController()
      const stopAfterPages = Math.floor(random.next() * 4)
      const mode = Math.floor(random.next() * 3)
      let pagesSeen = 0
      let timer: NodeJS.Timeout | undefined
      if (mode === 2) timer = setTimeout(() => controller.abort(), 5 + Math.floor(random.next() * 60))
      try {
        await syncPayments(h.deps(store), {
          ...RANGE,
          pageSize: 150,
          signal: controller.signal,
          // Between a page's fetch and its commit.
          afterFetch: () => {
            if (mode === 0 && pagesSeen++ === stopAfterPages) controller.abort()
          },
          // Right after a commit.
          onProgress: () => {
            if (mode === 1 && pagesSeen++ === stopAfterPages) controller.abort()
          },
        })
        clearTimeout(timer)
        break
      } catch (error) {
        clearTimeout(timer)
        expect(error).toBeInstanceOf(CheckoutError)
        expect((error as CheckoutError).code).toBe('aborted')
        stops++
      }
      expect(runs).toBeLessThan(200)
    }
    expect(stops).toBeGreaterThanOrEqual(3)
    expect(storeSnapshot(store)).toEqual(expected)
  })

  it('keeps the key out of every stored row and log line', async () => {
    const store = await h.openStore()
    await syncPayments(h.deps(store), { ...RANGE, pageSize: 500 })
    const secret = h.sim.secretKey.slice(8)
    for (const table of ['payments', 'payment_actions', 'sync_cursors', 'payment_action_log', 'fee_lines']) {
      const rows = store.sqlite.prepare(`select * from ${table}`).all()
      expect(JSON.stringify(rows)).not.toContain(secret)
    }
    expect(h.logger.lines.join('\n')).not.toContain(secret)
  })
})
