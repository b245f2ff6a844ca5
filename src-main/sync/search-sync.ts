import type { Kysely } from 'kysely'
import { z } from 'zod'
import { CheckoutError } from '../checkout/errors'
import { PaymentAction, type SearchedPayment } from '../checkout/schemas'
import type { PaymentsDatabase } from '../store/payments-database'
import type { PaymentsStore } from '../store/payments-store'
import { actionRows, paymentRow } from './payment-rows'
import type { SyncDeps } from './payments-sync'
import { syncProgress } from './sync-progress'
import { SyncSummary, type SyncProgress } from './sync-report'

// Payments from Payment Search (POST /payments/search), the one API of the current platform
// that lists payments by date, declines included (DATA-PATHS.md). Each result is stored as it
// comes, its action summaries included, so a payment costs no request of its own: a first
// sync walks the range a day at a time, 1,000 results a request. A later sync walks the recent
// days again, then asks, over the refund window, for the payments whose status is now open or
// refunded: a refund of a 9-day-old payment arrives that way, and a stored open authorisation
// missing from the open ones has moved on (captured, voided, expired) and is re-read by id, 25
// to a request. Requests grow with what changed, not with the size of the history. Like the
// report sync, each page is committed with the cursor that follows it.

const DAY = 86_400_000
/** One spelling of an instant (the caller may send "…Z" or "….000Z"), so windows compare and resume exactly. */
const iso = (text: string) => new Date(text).toISOString()
export const SEARCH_CURSOR = 'payments-search'
/** A first sync loads in bulk (store/bulk-load.ts) when the store holds fewer payments than this. */
const BULK_LOAD_BELOW = 10_000
/** Ids per re-read request: 25 quoted ids stay inside the 1,024-character query limit. */
const RECHECK_BATCH = 25
/** Payments this old can no longer be refunded, so they are not re-read (a setting later). */
export const REFUND_WINDOW_DAYS = 180

const OPEN_STATUSES = ['Pending', 'Authorized', 'Card Verified', 'Partially Captured'] as const
const REFUNDED_STATUSES = ['Refunded', 'Partially Refunded'] as const
/** `field:['a', 'b']`: any of the values (the simulator's documented query subset). */
const anyOf = (field: string, values: readonly string[]) => `${field}:[${values.map((v) => `'${v}'`).join(', ')}]`

/** After the walk, a later sync's re-reads: open payments, refunded ones, then the ids that moved on. */
const Recheck = z.object({
  stage: z.enum(['open', 'refunded', 'ids']),
  next: z.string().nullable(),
  /** Ids the open query returned (still open at Checkout.com). */
  openSeen: z.array(z.string()),
  /** Stored as open but no longer open: re-read by id. */
  ids: z.array(z.string()),
})

export const SearchSyncJob = SyncSummary.pick({ from: true, to: true, pages: true, created: true, updated: true, unchanged: true, failed: true }).extend({
  startedAt: z.string(),
  /** Start of the day window being walked (oldest first); equals `to` when the walk is over. */
  windowStart: z.string(),
  /** The next page's link within the window; null at a window's start. */
  next: z.string().nullable(),
  /** A later sync's re-reads, after the walk; null on a first sync, or when they are over. */
  recheck: Recheck.nullable(),
  /**
   * 'day': walked a day at a time (a first sync: progress and resumption by day); 'range': the
   * whole range as one window (a later sync's few recent days: fewer part-filled pages).
   */
  window: z.enum(['day', 'range']).default('day'),
  /** Whether the re-reads list the refunded payments too (see SearchSyncRequest.refundScan). */
  refundScan: z.boolean().default(false),
  done: z.boolean(),
})
export type SearchSyncJob = z.infer<typeof SearchSyncJob>

export function loadSearchJob(store: PaymentsStore): SearchSyncJob | null {
  const parsed = SearchSyncJob.safeParse(store.cursors(SEARCH_CURSOR).load())
  return parsed.success ? parsed.data : null
}

/** Stored payments requested in [since, before) that the store still has as open. */
async function storedOpen(db: Kysely<PaymentsDatabase>, since: string, before: string): Promise<string[]> {
  const rows = await db.selectFrom('payments').select('id').where('created_at', '>=', since).where('created_at', '<', before).where('status', 'in', [...OPEN_STATUSES]).orderBy('created_at').execute()
  return rows.map((r) => r.id)
}

/** The summaries of settled actions, in the shape of GET /payments/{id}/actions (pending ones have no outcome yet). */
export function actionsFromSearch(item: SearchedPayment): PaymentAction[] {
  return (item.actions ?? []).flatMap((a) => {
    const parsed = PaymentAction.safeParse({ ...a, approved: a.status === 'Approved' ? true : a.status === 'Declined' ? false : undefined })
    return parsed.success && a.status !== 'Pending' ? [parsed.data] : []
  })
}

type Counts = Pick<SyncSummary, 'created' | 'updated' | 'unchanged'>

/** Stores search results, their action summaries included, counting what was new or changed. Inside the caller's transaction. */
export function storeSearchResults(store: PaymentsStore, items: SearchedPayment[], fetchedAt: string, counts: Counts): void {
  const { writer } = store
  for (const item of items) {
    const actions = actionsFromSearch(item)
    const outcome = writer.upsertPayment(paymentRow(item, actions, fetchedAt))
    if (outcome === 'new') counts.created++
    else if (outcome === 'updated') counts.updated++
    else counts.unchanged++
    for (const row of actionRows(item.id, actions, fetchedAt)) writer.upsertAction(row)
  }
}

/** How far back a reported action without its stored payment action is asked about again (then it is left). */
const REPORTED_LOOKBACK_DAYS = 7

/**
 * Payments whose money moved in an action the reports (or /financial-actions) list but the store
 * does not have: a refund or capture made outside Paydesk on a payment older than the walked
 * days. Re-read by id, 25 a request. Asked again on each sync while the action is recent, so
 * a sync stopped here loses nothing.
 */
export async function rereadReportedPayments(deps: SyncDeps, signal?: AbortSignal): Promise<Counts & { requests: number }> {
  const since = new Date(deps.clock().getTime() - REPORTED_LOOKBACK_DAYS * DAY).toISOString()
  const rows = await deps.store.db
    .selectFrom('fee_lines')
    .select('payment_id')
    .distinct()
    .where('processed_at', '>=', since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('payment_actions').select('payment_actions.id').whereRef('payment_actions.id', '=', 'fee_lines.action_id'))))
    .execute()
  const counts = { created: 0, updated: 0, unchanged: 0, requests: 0 }
  const now = deps.clock().getTime()
  const window = { from: new Date(now - REFUND_WINDOW_DAYS * DAY).toISOString(), to: new Date(now + 60_000).toISOString() }
  const ids = rows.map((r) => r.payment_id)
  for (let i = 0; i < ids.length; i += RECHECK_BATCH) {
    const batch = ids.slice(i, i + RECHECK_BATCH)
    const page = await deps.client.searchPayments({ limit: RECHECK_BATCH, query: anyOf('id', batch), ...window }, undefined, signal)
    counts.requests++
    const fetchedAt = deps.clock().toISOString()
    deps.store.writer.transaction(() => storeSearchResults(deps.store, page.data, fetchedAt, counts))
  }
  return counts
}

export interface SearchSyncRequest {
  from: string
  to: string
  /** A later sync: after the walk, re-read what may have changed in older payments. */
  later?: boolean
  /**
   * With `later`: also list every refunded payment of the refund window (a request per 1,000 of
   * them), to catch refunds made outside Paydesk before the daily report has them. The sync
   * service asks for it once a day; the reports catch the rest (rereadReportedPayments).
   */
  refundScan?: boolean
  pageSize?: number
  signal?: AbortSignal
  onProgress?: (progress: SyncProgress) => void
  /** Test hook: runs after a page is fetched and before it is committed. */
  afterFetch?: () => void | Promise<void>
}

/** Runs (or resumes) a search sync. An unfinished job is resumed whatever range is asked. */
export async function syncPaymentsBySearch(deps: SyncDeps, request: SearchSyncRequest): Promise<SyncSummary> {
  const { store } = deps
  const cursors = store.cursors(SEARCH_CURSOR)
  const saved = loadSearchJob(store)
  const resumed = saved !== null && !saved.done
  const job: SearchSyncJob = resumed
    ? saved
    : { from: iso(request.from), to: iso(request.to), windowStart: iso(request.from), next: null, recheck: request.later ? { stage: 'open', next: null, openSeen: [], ids: [] } : null, window: request.later ? 'range' : 'day', refundScan: Boolean(request.later && request.refundScan), done: false, startedAt: deps.clock().toISOString(), pages: 0, created: 0, updated: 0, unchanged: 0, failed: [] }
  if (!resumed) cursors.save(job, deps.clock())
  // A first sync into an (almost) empty store loads in bulk: indexes built once at the end.
  // Asked only when a bulk load is possible, by a bounded probe rather than a count of every row.
  const fewStored = async () => (await store.db.selectFrom('payments').select('id').limit(1).offset(BULK_LOAD_BELOW - 1).executeTakeFirst()) === undefined
  const bulk = !resumed && !request.later && (await fewStored()) && store.bulkLoad.begin()
  try {
    return await walkAndStore()
  } finally {
    if (bulk) store.bulkLoad.end()
  }

  async function walkAndStore(): Promise<SyncSummary> {
    const started = performance.now()
    let storedThisRun = 0
    const rangeStart = Date.parse(job.from)
    const span = Math.max(1, Date.parse(job.to) - rangeStart)
    const limit = request.pageSize ?? 1000
    const checkAbort = () => {
      if (request.signal?.aborted) throw new CheckoutError('aborted', 'Sync cancelled.')
    }

    type Page = Awaited<ReturnType<typeof deps.client.searchPayments>>
    const windowEndOf = (j: SearchSyncJob) => (j.window === 'range' ? j.to : new Date(Math.min(Date.parse(j.windowStart) + DAY, Date.parse(j.to))).toISOString())
    const walkKey = (j: SearchSyncJob) => `${j.windowStart} ${j.next ?? ''}`
    const walkPage = (j: SearchSyncJob): Promise<Page> => deps.client.searchPayments({ limit, from: j.windowStart, to: windowEndOf(j) }, j.next ?? undefined, request.signal)
    let prefetched: { key: string; page: Promise<Page> } | null = null

    while (!job.done) {
      checkAbort()
      const walking = Date.parse(job.windowStart) < Date.parse(job.to)
      // The re-reads cover the refund window up to where the walk began.
      const older = { from: new Date(Date.parse(job.to) - REFUND_WINDOW_DAYS * DAY).toISOString(), to: job.from }
      let page: { data: SearchedPayment[]; _links?: { next?: { href: string } | undefined } | undefined }
      let nextJob: SearchSyncJob
      if (walking) {
        const windowEnd = windowEndOf(job)
        page = await (prefetched?.key === walkKey(job) ? prefetched.page : walkPage(job))
        const next = page._links?.next?.href ?? null
        nextJob = { ...job, next, windowStart: next ? job.windowStart : windowEnd }
        // The next page is asked for while this one is written: the wait for Checkout.com and the
        // writes overlap. It changes nothing at Checkout.com, so a stop before it is used costs nothing.
        if (Date.parse(nextJob.windowStart) < Date.parse(nextJob.to)) {
          const page = walkPage(nextJob)
          page.catch(() => {}) // awaited (and its error raised) when its turn comes
          prefetched = { key: walkKey(nextJob), page }
          // Let the request go out before the (synchronous) write below holds the thread: the pool
          // dispatches it over a few turns of the event loop (one setImmediate is not enough;
          // measured: the page then waited its whole round trip after the write).
          await new Promise((resolve) => setTimeout(resolve, 1))
        } else prefetched = null
      } else if (job.recheck && job.recheck.stage !== 'ids') {
        const recheck = job.recheck
        const query = anyOf('status', recheck.stage === 'open' ? OPEN_STATUSES : REFUNDED_STATUSES)
        page = await deps.client.searchPayments({ limit, query, ...older }, recheck.next ?? undefined, request.signal)
        const next = page._links?.next?.href ?? null
        const openSeen = recheck.stage === 'open' ? [...recheck.openSeen, ...page.data.map((p) => p.id)] : recheck.openSeen
        let following: SearchSyncJob['recheck'] = { ...recheck, next, openSeen }
        if (!next && recheck.stage === 'open') {
          // Stored as open, not open any more at Checkout.com: these moved on and are re-read by id.
          const stillOpen = new Set(openSeen)
          const ids = (await storedOpen(store.db, older.from, older.to)).filter((id) => !stillOpen.has(id))
          following = job.refundScan ? { stage: 'refunded', next: null, openSeen: [], ids } : ids.length ? { stage: 'ids', next: null, openSeen: [], ids } : null
        } else if (!next) following = recheck.ids.length ? { ...recheck, stage: 'ids', next: null, openSeen: [] } : null
        nextJob = { ...job, recheck: following }
      } else {
        const ids = job.recheck?.ids ?? []
        const batch = ids.slice(0, RECHECK_BATCH)
        page = await deps.client.searchPayments({ limit: RECHECK_BATCH, query: anyOf('id', batch), ...older }, undefined, request.signal)
        const rest = ids.slice(batch.length)
        nextJob = { ...job, recheck: rest.length ? { stage: 'ids', next: null, openSeen: [], ids: rest } : null }
      }
      nextJob.done = Date.parse(nextJob.windowStart) >= Date.parse(nextJob.to) && nextJob.recheck === null
      await request.afterFetch?.()
      checkAbort()

      const fetchedAt = deps.clock().toISOString()
      nextJob = { ...nextJob, pages: job.pages + 1, failed: [...job.failed] }
      store.writer.transaction(() => {
        storeSearchResults(store, page.data, fetchedAt, nextJob)
        cursors.save(nextJob, deps.clock())
      })
      Object.assign(job, nextJob)
      storedThisRun += page.data.length

      const walked = Math.min(1, (Date.parse(job.windowStart) - rangeStart) / span)
      request.onProgress?.(syncProgress(job, job.done ? 1 : job.recheck && walked === 1 ? 0.99 : walked, storedThisRun, started))
    }

    deps.logger.log('info', 'payments search sync finished', { from: job.from, to: job.to, pages: job.pages, created: job.created, updated: job.updated })
    return { from: job.from, to: job.to, pages: job.pages, created: job.created, updated: job.updated, unchanged: job.unchanged, failed: job.failed, resumed, durationMs: Math.round(performance.now() - started) }
  }
}
