import type SQLite from 'better-sqlite3'
import type { SyncStatus } from '../contract'
import type { CheckoutConnection } from '../checkout/connection'
import { CheckoutError } from '../checkout/errors'
import type { Logger } from '../logger'
import { syncPayments } from './payments-sync'
import { createCursorStore } from './sync-cursor'

// One sync at a time, for the whole app: "Sync now", the interval timer and the screens'
// progress bar all go through here.

const DAY = 86_400_000
/** A new sync looks back this far past the end of the last one, for late captures and refunds. */
export const RESYNC_OVERLAP_DAYS = 7
// A little over a quarter, so the built-in simulator's 90-day history arrives whole on the first sync.
export const FIRST_SYNC_DAYS = 92
/** How often the app syncs by itself while it runs. */
export const SYNC_INTERVAL_MINUTES = 15

export interface SyncService {
  start(options?: { days?: number | undefined }): SyncStatus
  status(): SyncStatus
  cancel(): SyncStatus
  /** Resolves when the running sync (if any) has ended. */
  settled(): Promise<void>
  /** Forgets the last run's status (after a switch to another connection). */
  reset(): void
  /** Syncs now and then every `minutes` while the app runs; returns the stop function. */
  every(minutes: number): () => void
}

export function createSyncService(deps: { connection: CheckoutConnection; sqlite: () => SQLite.Database; logger: Logger; clock: () => Date }): SyncService {
  let status: SyncStatus = { state: 'idle', startedAt: null, finishedAt: null, progress: null, summary: null, error: null }
  let controller: AbortController | null = null
  let running: Promise<void> = Promise.resolve()

  function range(days: number | undefined): { from: string; to: string } {
    const now = deps.clock().getTime()
    const last = createCursorStore(deps.sqlite(), 'payments').load()
    const from = days !== undefined ? now - days * DAY : last?.next === 'done' ? Date.parse(last.to) - RESYNC_OVERLAP_DAYS * DAY : now - FIRST_SYNC_DAYS * DAY
    return { from: new Date(from).toISOString(), to: new Date(now + 60_000).toISOString() }
  }

  return {
    start(options = {}) {
      if (status.state === 'running') return status
      controller = new AbortController()
      const signal = controller.signal
      status = { state: 'running', startedAt: deps.clock().toISOString(), finishedAt: null, progress: null, summary: null, error: null }
      running = (async () => {
        try {
          const client = await deps.connection.client()
          const summary = await syncPayments({ client, sqlite: deps.sqlite(), logger: deps.logger, clock: deps.clock }, { ...range(options.days), pageSize: 500, signal, onProgress: (progress) => (status = { ...status, progress }) })
          status = { ...status, state: 'done', finishedAt: deps.clock().toISOString(), summary }
        } catch (error) {
          const cancelled = error instanceof CheckoutError && error.code === 'aborted'
          status = {
            ...status,
            state: cancelled ? 'cancelled' : 'failed',
            finishedAt: deps.clock().toISOString(),
            error: cancelled ? null : error instanceof Error ? error.message : String(error),
          }
          if (!cancelled) deps.logger.log('error', 'sync failed', { error: status.error })
        }
      })()
      return status
    },
    status: () => status,
    reset() {
      if (status.state !== 'running') status = { state: 'idle', startedAt: null, finishedAt: null, progress: null, summary: null, error: null }
    },
    cancel() {
      controller?.abort()
      return status
    },
    settled: () => running,
    every(minutes) {
      this.start()
      const timer = setInterval(() => this.start(), minutes * 60_000)
      timer.unref()
      return () => clearInterval(timer)
    },
  }
}
