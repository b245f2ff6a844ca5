import type { SyncProgress } from './sync-report'

/** What a sync tells the screen after each committed page: counts, rate this run, share done, time left. */
export function syncProgress(job: { pages: number; created: number; updated: number; unchanged: number }, fraction: number, storedThisRun: number, startedAt: number): SyncProgress {
  const elapsed = (performance.now() - startedAt) / 1000
  return {
    pages: job.pages,
    payments: job.created + job.updated + job.unchanged,
    created: job.created,
    updated: job.updated,
    rate: elapsed > 0 ? storedThisRun / elapsed : 0,
    fraction,
    etaSeconds: fraction > 0 && fraction < 1 ? (elapsed / fraction) * (1 - fraction) : fraction === 1 ? 0 : null,
    phase: 'payments',
  }
}
