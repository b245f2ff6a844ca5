import type { CheckoutConnection } from '../checkout/connection'
import type { EventSink } from '../contract/events'
import type { JobRunner } from '../jobs/job-runner'
import type { Logger } from '../logger'
import type { PaymentsStore } from '../store/payments-store'
import { LastSync, type SyncStatus } from './contract'
import { loadSyncJob, syncPayments } from './payments-sync'
import { refreshPayment } from './refresh-payment'
import { z } from 'zod'
import { loadSearchJob, rereadReportedPayments, syncPaymentsBySearch } from './search-sync'
import { syncReports } from './reports-sync'
import type { SettlementSummary, SyncProgress, SyncSummary } from './sync-report'
import { syncProgress } from './sync-progress'
import { CheckoutError } from '../checkout/errors'

// One sync at a time, for the whole app: "Sync now", the interval timer and the screens'
// progress bar all go through the same job.

const DAY = 86_400_000
/** A new report sync looks back this far past the end of the last one, for late captures and refunds. */
export const RESYNC_OVERLAP_DAYS = 7
/** A later search sync walks these last days again (results can lag a little behind the payments). */
export const RECENT_DAYS = 3
// A little over a quarter, so the built-in simulator's 90-day history arrives whole on the first sync.
export const FIRST_SYNC_DAYS = 92
/**
 * How often a later sync lists every refunded payment of the refund window (15 requests for a
 * shop of 3,000 payments a day). In between, refunds made outside Paydesk arrive through the
 * daily Financial Actions report, and a payment opened in Paydesk is read fresh.
 */
export const REFUND_SCAN_HOURS = 24
const REFUND_SCAN_CURSOR = 'refund-scan'
const RefundScan = z.object({ at: z.string() })
const LAST_SYNC_CURSOR = 'last-sync'

/** Faults a sync may stop on part-way without having failed: the network, Checkout.com's own trouble. */
const TRANSIENT = new Set(['network', 'timeout', 'server', 'rate_limited', 'invalid_response'])

/** How often the app syncs by itself while it runs. */
export const SYNC_INTERVAL_MINUTES = 15

export interface SyncService {
  start(options?: { days?: number | undefined }): SyncStatus
  status(): SyncStatus
  cancel(): SyncStatus
  settled(): Promise<void>
  reset(): void
  /** Syncs now and then every `minutes` while the app runs; returns the stop function. */
  every(minutes: number): () => void
  /** Fetches one payment and its actions from Checkout.com and stores them at once. */
  refreshPayment(id: string): Promise<void>
  /** The last sync that ended on the current connection's store (null before the first). */
  last(): LastSync | null
}

export interface SyncServiceDeps {
  connection: CheckoutConnection
  store: () => PaymentsStore
  jobs: JobRunner
  events: EventSink
  logger: Logger
  clock: () => Date
  /** The saved sync limits (Settings): how many recent days a later sync reads again. */
  limits?: () => Promise<{ recentDays: number }>
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const job = deps.jobs.job<SyncProgress, SyncSummary>('sync')

  // Previous-platform accounts: the reconciliation report, looked back over from the last run's end.
  function reportRange(days: number | undefined): { from: string; to: string } {
    const now = deps.clock().getTime()
    const last = loadSyncJob(deps.store())
    const from = days !== undefined ? now - days * DAY : last?.next === 'done' ? Date.parse(last.to) - RESYNC_OVERLAP_DAYS * DAY : now - FIRST_SYNC_DAYS * DAY
    return { from: new Date(from).toISOString(), to: new Date(now + 60_000).toISOString() }
  }

  // Current-platform accounts: Payment Search over the whole first range, then the recent days
  // again plus the older payments that can still change.
  function searchRange(days: number | undefined, recentDays: number): { from: string; to: string; later: boolean; refundScan: boolean } {
    const now = deps.clock()
    const to = new Date(now.getTime() + 60_000).toISOString()
    const last = loadSearchJob(deps.store())
    if (days !== undefined || !last?.done) return { from: new Date(now.getTime() - (days ?? FIRST_SYNC_DAYS) * DAY).toISOString(), to, later: false, refundScan: false }
    const lastScan = RefundScan.safeParse(deps.store().cursors(REFUND_SCAN_CURSOR).load())
    const refundScan = !lastScan.success || now.getTime() - Date.parse(lastScan.data.at) >= REFUND_SCAN_HOURS * 3600_000
    return { from: new Date(Math.min(Date.parse(last.to), now.getTime()) - recentDays * DAY).toISOString(), to, later: true, refundScan }
  }

  // Fees and payouts follow the payments; an account without reports (or a key without the
  // reports scope) still syncs its payments, and the summary says why fees are missing.
  async function settlementOf(syncDeps: Parameters<typeof syncReports>[0], since: string, signal: AbortSignal): Promise<SettlementSummary> {
    try {
      return await syncReports(syncDeps, { since, signal })
    } catch (error) {
      if (!(error instanceof CheckoutError) || !['forbidden', 'not_found', 'authentication', ...TRANSIENT].includes(error.code)) throw error
      deps.logger.log('warn', 'reports sync skipped', { code: error.code })
      const note =
        error.code === 'not_found'
          ? 'This account has no Reports API, so fees and payouts are not synced.'
          : TRANSIENT.has(error.code)
            ? `Fees and payouts were read in part (${error.message}); the next sync reads the rest.`
            : 'The secret key may not read reports: add the reports:view scope to it in the Dashboard (Developers > Keys) to sync fees and payouts.'
      return { reports: 0, files: 0, feeLines: 0, payouts: 0, requests: 0, note }
    }
  }

  function rememberLast(summary: SyncSummary) {
    const store = deps.store()
    const last: LastSync = { at: deps.clock().toISOString(), created: summary.created, updated: summary.updated, stopped: summary.stopped ?? null }
    store.writer.transaction(() => store.cursors(LAST_SYNC_CURSOR).save(last, deps.clock()))
  }

  const service: SyncService = {
    start(options = {}) {
      return job.start(async ({ signal, progress }) => {
        const client = await deps.connection.client()
        const syncDeps = { client, store: deps.store(), logger: deps.logger, clock: deps.clock }
        const range = searchRange(options.days, (await deps.limits?.())?.recentDays ?? RECENT_DAYS)
        const started = performance.now()
        let summary: SyncSummary
        // The last figures shown, carried into the phases after the payments (fees, re-reads).
        let shown: SyncProgress = syncProgress({ pages: 0, created: 0, updated: 0, unchanged: 0 }, 0, 0, started)
        const onProgress = (next: SyncProgress) => progress((shown = next))
        try {
          summary =
            client.platform === 'current'
              ? await syncPaymentsBySearch(syncDeps, { ...range, signal, onProgress })
              : await syncPayments(syncDeps, { ...reportRange(options.days), pageSize: 500, signal, onProgress })
        } catch (error) {
          // A fault that outlasted the retries after some pages were stored: report what was
          // done, not a failure; the saved job resumes at the next sync.
          const saved = client.platform === 'current' ? loadSearchJob(syncDeps.store) : loadSyncJob(syncDeps.store)
          if (!(error instanceof CheckoutError) || !TRANSIENT.has(error.code) || !saved || saved.pages === 0) throw error
          deps.logger.log('warn', 'sync stopped part-way', { code: error.code, pages: saved.pages })
          summary = { from: saved.from, to: saved.to, pages: saved.pages, created: saved.created, updated: saved.updated, unchanged: saved.unchanged, failed: saved.failed, resumed: false, durationMs: Math.round(performance.now() - started), stopped: `${error.message} What was read is stored; the next sync resumes where this one stopped.` }
          rememberLast(summary)
          if (summary.created + summary.updated > 0) deps.events.emit({ type: 'changed', topic: 'payments' })
          return summary
        }
        if (client.platform === 'current') {
          onProgress({ ...shown, fraction: 1, etaSeconds: null, phase: 'fees' })
          summary.settlement = await settlementOf(syncDeps, range.from, signal)
          onProgress({ ...shown, phase: 'recheck' })
          // Refunds and captures the reports show on payments older than the walked days.
          const reread = await rereadReportedPayments(syncDeps, signal)
          summary.created += reread.created
          summary.updated += reread.updated
          const store = deps.store()
          if (range.refundScan || !range.later) store.writer.transaction(() => store.cursors(REFUND_SCAN_CURSOR).save({ at: deps.clock().toISOString() }, deps.clock()))
        }
        rememberLast(summary)
        if (summary.created + summary.updated > 0) deps.events.emit({ type: 'changed', topic: 'payments' })
        return summary
      })
    },
    last() {
      const saved = LastSync.safeParse(deps.store().cursors(LAST_SYNC_CURSOR).load())
      return saved.success ? saved.data : null
    },
    status: () => job.status(),
    cancel: () => job.cancel(),
    settled: () => job.settled(),
    reset: () => job.reset(),
    async refreshPayment(id) {
      await refreshPayment({ client: await deps.connection.client(), store: deps.store(), clock: deps.clock }, id)
    },
    every(minutes) {
      service.start()
      const timer = setInterval(() => service.start(), minutes * 60_000)
      timer.unref()
      return () => clearInterval(timer)
    },
  }
  return service
}
