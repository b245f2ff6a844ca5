import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CheckoutError } from '../../../src-main/checkout/errors'
import { seededRandom } from '../../../src-main/simulator/random'
import { syncReports } from '../../../src-main/sync/reports-sync'
import { rereadReportedPayments, syncPaymentsBySearch } from '../../../src-main/sync/search-sync'
import { HISTORY_END, simulatorTruth, startSyncHarness, storeContents, storeSnapshot } from '../../fixtures/sync-harness'

// The harness's simulator holds 60 days of history ending on HISTORY_END.
const DAY = 86_400_000
const RANGE = { from: new Date(HISTORY_END - 62 * DAY).toISOString(), to: new Date(HISTORY_END + DAY).toISOString() }

let h: Awaited<ReturnType<typeof startSyncHarness>>
beforeAll(async () => (h = await startSyncHarness(2500)))
afterAll(() => h.close())

const requests = () => h.sim.requestCount()

describe('payments sync by Payment Search', () => {
  it('stores every payment of the range, declines included, with its actions, in about one request a day', async () => {
    const store = await h.openStore()
    const before = requests()
    const summary = await syncPaymentsBySearch(h.deps(store), RANGE)
    expect(summary).toMatchObject({ created: 2500, updated: 0, failed: [], resumed: false })
    // 63 day windows, one 1,000-result page each at this merchant's size; no request per payment.
    expect(requests() - before).toBe(63)
    expect(storeContents(store)).toEqual(simulatorTruth(h.sim))
    const declined = store.sqlite.prepare("select response_code, avs_check, cvv_check, approved from payments where status = 'Declined' and avs_check is not null and cvv_check is not null limit 1").get() as Record<string, unknown>
    expect(declined).toMatchObject({ approved: 0, response_code: expect.stringMatching(/^[234]/), avs_check: expect.any(String), cvv_check: expect.any(String) })

    const again = await syncPaymentsBySearch(h.deps(store), RANGE)
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2500 })
  })

  it('picks up refunds of 9- and 60-day-old payments on a later sync with the daily refund scan', async () => {
    const store = await h.openStore()
    await syncPaymentsBySearch(h.deps(store), RANGE)
    const state = h.sim.ctx.state
    const capturedAround = (daysAgo: number) =>
      Object.values(state.payments).find((p) => p.status === 'Captured' && p.amount > 100 && Math.abs(Date.parse(p.requested_on) - (HISTORY_END - daysAgo * DAY)) < DAY)!
    const nineDays = capturedAround(9)
    const sixtyDays = capturedAround(59.5)
    await h.client.refund(randomUUID(), nineDays.id, { amount: 100 })
    await h.client.refund(randomUUID(), sixtyDays.id, {})

    const recent = { from: new Date(HISTORY_END - 3 * DAY).toISOString(), to: RANGE.to }
    const before = requests()
    const summary = await syncPaymentsBySearch(h.deps(store), { ...recent, later: true, refundScan: true })
    expect(summary.updated).toBe(2)
    // The recent days in one window, one page of open payments, one of refunded ones: the count
    // follows what changed, not the size of the history.
    expect(requests() - before).toBe(3)
    expect(store.sqlite.prepare('select status, refunded_amount from payments where id = ?').get(nineDays.id)).toEqual({ status: 'Partially Refunded', refunded_amount: 100 })
    expect(store.sqlite.prepare('select status, refunded_amount from payments where id = ?').get(sixtyDays.id)).toEqual({ status: 'Refunded', refunded_amount: sixtyDays.amount })
    expect(storeContents(store)).toEqual(simulatorTruth(h.sim))
  })

  it('between refund scans, finds refunds of old payments through the next daily report, in a handful of requests', async () => {
    const store = await h.openStore()
    await syncPaymentsBySearch(h.deps(store), RANGE)
    await syncReports(h.deps(store), { since: RANGE.from })
    const state = h.sim.ctx.state
    const old = Object.values(state.payments).find((p) => p.status === 'Captured' && p.amount > 100 && Date.parse(p.requested_on) < HISTORY_END - 40 * DAY)!
    const recent = { from: new Date(HISTORY_END - 3 * DAY).toISOString(), to: RANGE.to }

    // Nothing changed: the recent days and one page of open payments, no refund scan.
    let before = requests()
    await syncPaymentsBySearch(h.deps(store), { ...recent, later: true })
    expect(requests() - before).toBe(2)

    await h.client.refund(randomUUID(), old.id, { amount: 100 })
    h.sim.advanceClock(31 * 3600_000) // the day's Financial Actions report is out
    try {
      before = requests()
      await syncPaymentsBySearch(h.deps(store), { ...recent, later: true })
      const settlement = await syncReports(h.deps(store), { since: RANGE.from })
      const reread = await rereadReportedPayments(h.deps(store))
      expect(settlement.files).toBeGreaterThanOrEqual(1)
      expect(reread).toMatchObject({ updated: 1, requests: 1 })
      // 2 as above, the report list and its new file(s), one re-read.
      expect(requests() - before).toBe(2 + settlement.requests + 1)
      expect(store.sqlite.prepare('select status, refunded_amount from payments where id = ?').get(old.id)).toEqual({ status: 'Partially Refunded', refunded_amount: 100 })
      // Asked again on the next sync only while something is still missing: nothing now.
      expect(await rereadReportedPayments(h.deps(store))).toMatchObject({ requests: 0 })
    } finally {
      h.sim.advanceClock(-31 * 3600_000)
    }
  })

  it('re-reads by id a payment stored as open that is no longer open', async () => {
    const store = await h.openStore()
    await syncPaymentsBySearch(h.deps(store), RANGE)
    // A stale copy: stored as an open authorisation, while Checkout.com has it captured.
    const captured = Object.values(h.sim.ctx.state.payments).find((p) => p.status === 'Captured' && Date.parse(p.requested_on) < HISTORY_END - 20 * DAY)!
    store.sqlite.prepare("update payments set status = 'Authorized', raw_json = '{}' where id = ?").run(captured.id)
    const before = requests()
    const summary = await syncPaymentsBySearch(h.deps(store), { from: new Date(HISTORY_END - 3 * DAY).toISOString(), to: RANGE.to, later: true, refundScan: true })
    expect(summary.updated).toBe(1)
    // The recent days, open payments, refunded ones, and one re-read by id.
    expect(requests() - before).toBe(4)
    expect(store.sqlite.prepare('select status from payments where id = ?').get(captured.id)).toEqual({ status: 'Captured' })
  })

  it('resumes after being stopped anywhere, and ends with the same rows as an uninterrupted sync', async () => {
    const reference = await h.openStore()
    await syncPaymentsBySearch(h.deps(reference), { ...RANGE, pageSize: 120 })
    const expected = storeSnapshot(reference)

    const store = await h.openStore()
    const random = seededRandom(9)
    let stops = 0
    for (let run = 0; run < 50; run++) {
      const controller = new AbortController()
      let fetched = 0
      const stopAfter = 1 + Math.floor(random.next() * 8)
      try {
        await syncPaymentsBySearch(h.deps(store), {
          ...RANGE,
          pageSize: 120,
          signal: controller.signal,
          afterFetch: () => {
            if (++fetched === stopAfter) controller.abort()
          },
        })
        break
      } catch (error) {
        expect(error).toBeInstanceOf(CheckoutError)
        stops++
      }
    }
    expect(stops).toBeGreaterThan(3)
    expect(storeSnapshot(store)).toEqual(expected)
  })
})
