import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { microToMinor } from '../../../src-main/checkout/decimal-amount'
import { newActionId } from '../../../src-main/checkout/idempotency'
import { ledgerOf } from '../../../src-main/simulator/settlement'
import { refreshPayment } from '../../../src-main/sync/refresh-payment'
import { REPORTS_CURSOR, syncReports } from '../../../src-main/sync/reports-sync'
import { openPaymentsStore } from '../../../src-main/store/payments-store'
import { startSyncHarness } from '../../fixtures/sync-harness'

let h: Awaited<ReturnType<typeof startSyncHarness>>
beforeAll(async () => (h = await startSyncHarness(2500)))
afterAll(() => h.close())

const SINCE = '2026-08-01T00:00:00Z'
type Store = Awaited<ReturnType<typeof h.openStore>>

/** Each stored payout against the sum of the fee lines that carry its id (holding currency, minor units). */
function payoutsAgainstLines(store: Store) {
  return store.sqlite
    .prepare(
      `select p.id, p.holding_currency as currency, p.amount, (select sum(holding_micro) from fee_lines f where f.payout_id = p.id) as lines_micro
       from payouts p order by p.id`,
    )
    .all() as { id: string; currency: string; amount: number; lines_micro: number }[]
}

const feeLineTotals = (store: Store) => store.sqlite.prepare('select count(*) as lines, sum(processing_micro) as processing, sum(holding_micro) as holding from fee_lines').get()

describe('fees and payouts from the Reports API', () => {
  it('stores every fee line and payout, and the lines of each payout add up to its amount', async () => {
    const store = await h.openStore()
    const summary = await syncReports(h.deps(store), { since: SINCE })
    const ledger = ledgerOf(h.sim.ctx)
    expect(summary.payouts).toBe(ledger.payouts.size)
    expect(summary.note).toBeNull()

    const payouts = payoutsAgainstLines(store)
    expect(payouts.length).toBe(ledger.payouts.size)
    for (const payout of payouts) {
      expect(microToMinor(payout.lines_micro)).toBe(payout.amount)
      expect(payout.amount).toBe(ledger.payouts.get(payout.id)!.amount)
    }
    // Every approved capture and refund has its gross line, in the processing currency, exactly.
    const gross = new Map(
      (store.sqlite.prepare("select action_id, processing_micro from fee_lines where breakdown_type = 'Gross'").all() as { action_id: string; processing_micro: number }[]).map((r) => [r.action_id, r.processing_micro]),
    )
    for (const settled of ledger.byAction.values()) {
      if (settled.action.type === 'Capture') expect(gross.get(settled.action.id)).toBe(settled.action.amount * 1_000_000)
      if (settled.action.type === 'Refund') expect(gross.get(settled.action.id)).toBe(-settled.action.amount * 1_000_000)
    }
    // Fees sum by type in SQL, as the reconciliation needs.
    const byType = store.sqlite.prepare("select breakdown_type, count(*) as n from fee_lines where breakdown_type <> 'Gross' group by breakdown_type").all() as { breakdown_type: string; n: number }[]
    expect(byType.map((t) => t.breakdown_type).sort()).toEqual(['Authorization Fixed Fee', 'Interchange Variable Fee', 'Refund Fixed Fee', 'Scheme Variable Fee'])

    // A later sync with nothing new lists once and reads nothing.
    const later = await syncReports(h.deps(store), { since: SINCE })
    expect(later).toMatchObject({ files: 0, feeLines: 0, payouts: 0, requests: 1 })
  })

  it('reading every file again doubles nothing', async () => {
    const store = await h.openStore()
    await syncReports(h.deps(store), { since: SINCE })
    const before = { totals: feeLineTotals(store), payouts: payoutsAgainstLines(store) }
    // Forget that the files were read (as after a crash between a file and its mark, for all of them).
    store.sqlite.exec(`delete from report_files; delete from sync_cursors where name = '${REPORTS_CURSOR}'`)
    const again = await syncReports(h.deps(store), { since: SINCE })
    expect(again.files).toBeGreaterThan(0)
    expect(feeLineTotals(store)).toEqual(before.totals)
    expect(payoutsAgainstLines(store)).toEqual(before.payouts)
  })

  it('takes today’s lines from the daily report, then their payout id from the payout report', async () => {
    const store = await h.openStore()
    await syncReports(h.deps(store), { since: SINCE })
    const paid = await h.client.createPayment(newActionId(), { source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2031, cvv: '100' }, amount: 12_345, currency: 'EUR' })
    const lineOf = () => store.sqlite.prepare("select payout_id, processing_micro, holding_currency, source from fee_lines where payment_id = ? and breakdown_type = 'Gross'").get(paid.id) as { payout_id: string | null; processing_micro: number; holding_currency: string; source: string } | undefined

    h.sim.advanceClock(2000) // its automatic capture
    // Opened before any report: the financial actions API gives its fees now.
    await refreshPayment({ client: h.client, store, clock: () => new Date() }, paid.id)
    expect(lineOf()).toEqual({ payout_id: null, processing_micro: 12_345_000_000, holding_currency: 'GBP', source: 'api' })

    h.sim.advanceClock(31 * 3600_000) // the next day's 06:00 has passed: the daily report is out, the payout not yet
    await syncReports(h.deps(store), { since: SINCE })
    expect(lineOf()).toMatchObject({ payout_id: null, source: 'report' })

    h.sim.advanceClock(26 * 3600_000) // two days on: paid out
    await syncReports(h.deps(store), { since: SINCE })
    const line = lineOf()!
    expect(line.payout_id).toMatch(/^po_/)
    const payout = payoutsAgainstLines(store).find((p) => p.id === line.payout_id)!
    expect(microToMinor(payout.lines_micro)).toBe(payout.amount)
  })
})

/** What a later sync asks for: the reports of its last few days only. */
const LATER_SINCE = '2026-10-29T00:00:00Z'
const settlementOf = (store: Store) => ({ totals: feeLineTotals(store), payouts: payoutsAgainstLines(store), files: (store.sqlite.prepare('select count(*) as n from report_files').get() as { n: number }).n })

describe('a first fees sync stopped part-way', () => {
  it('cancelled after a few files: the next sync, a later one, still reads every file of the first window', async () => {
    const reference = await h.openStore()
    await syncReports(h.deps(reference), { since: SINCE })
    const expected = settlementOf(reference)

    const store = await h.openStore()
    const stop = new AbortController()
    let files = 0
    await expect(syncReports(h.deps(store), { since: SINCE, signal: stop.signal, afterFile: async () => void (++files >= 3 && stop.abort()) })).rejects.toMatchObject({ code: 'aborted' })
    expect(settlementOf(store).files).toBeLessThan(expected.files)
    // The issue: the next sync listed only its last 3 days of reports, and 7 of 177 files stayed all there was.
    await syncReports(h.deps(store), { since: LATER_SINCE })
    expect(settlementOf(store)).toEqual(expected)
    // Read to its end, the window is closed: the sync after lists from the newest report on.
    expect(await syncReports(h.deps(store), { since: LATER_SINCE })).toMatchObject({ files: 0, requests: 1 })
  })

  it('killed with SIGKILL between files: the next sync, a later one, ends equal to an uninterrupted sync', { timeout: 60_000 }, async () => {
    const reference = await h.openStore()
    await syncReports(h.deps(reference), { since: SINCE })
    const expected = settlementOf(reference)

    const target = await h.openStore()
    const file = target.sqlite.name
    await target.close()
    const outcome = await new Promise<'killed' | 'finished'>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../fixtures/reports-sync-child.ts'), h.sim.url, h.sim.secretKey, file, SINCE], { stdio: ['ignore', 'pipe', 'pipe'] })
      let seen = 0
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += d))
      child.stdout.on('data', (data: Buffer) => {
        for (const line of data.toString().split('\n')) if (line === 'file' && ++seen === 4) child.kill('SIGKILL')
      })
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve('killed') : code === 0 ? resolve('finished') : reject(new Error(`reports child exited with ${code}: ${stderr}`))))
    })
    expect(outcome).toBe('killed')
    const resumed = await openPaymentsStore(file)
    try {
      expect(settlementOf(resumed).files).toBeLessThan(expected.files)
      await syncReports(h.deps(resumed), { since: LATER_SINCE })
      expect(settlementOf(resumed)).toEqual(expected)
    } finally {
      await resumed.close()
    }
  })
})
