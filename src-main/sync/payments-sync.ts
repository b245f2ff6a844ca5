import { z } from 'zod'
import type { CheckoutClient } from '../checkout/client'
import { CheckoutError } from '../checkout/errors'
import type { PaymentAction, PaymentDetails, ReportPage } from '../checkout/schemas'
import type { Logger } from '../logger'
import { actionRows, paymentRow, reportingFeeLines } from './payment-rows'
import type { PaymentsStore } from '../store/payments-store'
import { syncProgress } from './sync-progress'
import { SyncSummary, type SyncProgress } from './sync-report'

export type { SyncProgress, SyncSummary }

// Pulls every payment requested in a date range, with its actions and fees, into the store.
// The reconciliation report lists the payments page by page (with fees per action); each
// payment's details and actions fill what the report lacks. A page is committed in one
// transaction together with the link to the next page, so a sync stopped anywhere (a crash,
// a cancel, a network fault that outlasts the retries) resumes at the first page it did not
// commit and ends with the same rows as one that was never stopped.

// The resumable state of a sync job, saved in the same transaction as each page it
// commits: a sync killed at any moment restarts from the first page not committed.
export const SyncJob = SyncSummary.pick({ from: true, to: true, pages: true, created: true, updated: true, unchanged: true, failed: true }).extend({
  /** The next report page's link; null before the first page; 'done' when finished. */
  next: z.string().nullable(),
  startedAt: z.string(),
})
export type SyncJob = z.infer<typeof SyncJob>

export const SYNC_CURSOR = 'payments'

/** The saved job, or null when there is none (or it no longer fits its schema). */
export function loadSyncJob(store: PaymentsStore): SyncJob | null {
  const parsed = SyncJob.safeParse(store.cursors(SYNC_CURSOR).load())
  return parsed.success ? parsed.data : null
}

export interface SyncDeps {
  client: CheckoutClient
  store: PaymentsStore
  logger: Logger
  clock: () => Date
}

export interface SyncRequest {
  from: string
  to: string
  pageSize?: number
  /** Detail requests in flight at once. */
  concurrency?: number
  signal?: AbortSignal
  onProgress?: (progress: SyncProgress) => void
  /** Test hook: runs after a page is fetched and before it is committed. */
  afterFetch?: (page: ReportPage) => void | Promise<void>
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await work(items[index]!)
      }
    }),
  )
  return results
}

/** Runs (or resumes) the payments sync. An unfinished job is resumed whatever range is asked. */
export async function syncPayments(deps: SyncDeps, request: SyncRequest): Promise<SyncSummary> {
  const cursors = deps.store.cursors(SYNC_CURSOR)
  const writer = deps.store.writer
  const saved = loadSyncJob(deps.store)
  const resumed = saved !== null && saved.next !== 'done'
  const job: SyncJob = resumed
    ? saved
    : { from: request.from, to: request.to, next: null, startedAt: deps.clock().toISOString(), pages: 0, created: 0, updated: 0, unchanged: 0, failed: [] }
  if (!resumed) cursors.save(job, deps.clock())

  const started = performance.now()
  let paymentsThisRun = 0
  const rangeStart = Date.parse(job.from)
  const rangeEnd = Date.parse(job.to)

  while (job.next !== 'done') {
    if (request.signal?.aborted) throw new CheckoutError('aborted', 'Sync cancelled.')
    const page = await deps.client.reportPage(job.next ? { next: job.next } : { from: job.from, to: job.to, limit: request.pageSize ?? 200 }, request.signal)
    const fetched = await mapLimited(page.data, request.concurrency ?? 16, async (item) => {
      try {
        const details = await deps.client.getPayment(item.id, request.signal)
        // A payment still waiting for 3-D Secure (or abandoned there) has no action to list.
        const actions = details.actions?.length ? await deps.client.getPaymentActions(item.id, request.signal) : []
        return { item, details, actions }
      } catch (error) {
        // A payment the report lists but the API no longer has cannot be stored; it is
        // reported, not retried forever. Any other failure stops the sync (resumable).
        if (error instanceof CheckoutError && error.code === 'not_found') return { item, failure: error.message }
        throw error
      }
    })
    await request.afterFetch?.(page)
    if (request.signal?.aborted) throw new CheckoutError('aborted', 'Sync cancelled.')

    const fetchedAt = deps.clock().toISOString()
    const nextJob: SyncJob = { ...job, next: page._links?.next?.href ?? 'done', pages: job.pages + 1, failed: [...job.failed] }
    writer.transaction(() => {
      for (const entry of fetched) {
        if ('failure' in entry) {
          nextJob.failed.push({ id: entry.item.id, reason: entry.failure! })
          continue
        }
        const { details, actions } = entry as { details: PaymentDetails; actions: PaymentAction[] }
        const outcome = writer.upsertPayment(paymentRow(details, actions, fetchedAt))
        if (outcome === 'new') nextJob.created++
        else if (outcome === 'updated') nextJob.updated++
        else nextJob.unchanged++
        for (const row of actionRows(details.id, actions, fetchedAt)) writer.upsertAction(row)
        deps.store.settlement.upsertFeeLines(reportingFeeLines(entry.item, fetchedAt))
      }
      cursors.save(nextJob, deps.clock())
    })
    Object.assign(job, nextJob)
    paymentsThisRun += page.data.length

    const last = page.data.at(-1)
    const fraction = job.next === 'done' ? 1 : last ? Math.min(1, (Date.parse(last.requested_on) - rangeStart) / Math.max(1, rangeEnd - rangeStart)) : 0
    request.onProgress?.(syncProgress(job, fraction, paymentsThisRun, started))
  }

  deps.logger.log('info', 'payments sync finished', { from: job.from, to: job.to, pages: job.pages, created: job.created, updated: job.updated, failed: job.failed.length })
  return { from: job.from, to: job.to, pages: job.pages, created: job.created, updated: job.updated, unchanged: job.unchanged, failed: job.failed, resumed, durationMs: Math.round(performance.now() - started) }
}
