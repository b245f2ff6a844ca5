import type SQLite from 'better-sqlite3'
import { z } from 'zod'
import { SyncFailure } from './sync-report'

// The resumable state of a sync job, saved in the same transaction as each page it
// commits: a sync killed at any moment restarts from the first page not committed.
export const SyncJob = z.object({
  from: z.string(),
  to: z.string(),
  /** The next report page's link; null before the first page; 'done' when finished. */
  next: z.string().nullable(),
  startedAt: z.string(),
  pages: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.array(SyncFailure),
})
export type SyncJob = z.infer<typeof SyncJob>

export function createCursorStore(sqlite: SQLite.Database, name: string) {
  const read = sqlite.prepare<[string], { cursor: string | null }>('select cursor from sync_cursors where name = ?')
  const write = sqlite.prepare('insert into sync_cursors (name, cursor, updated_at) values (?, ?, ?) on conflict (name) do update set cursor = excluded.cursor, updated_at = excluded.updated_at')
  return {
    load(): SyncJob | null {
      const row = read.get(name)
      if (!row?.cursor) return null
      const parsed = SyncJob.safeParse(JSON.parse(row.cursor))
      return parsed.success ? parsed.data : null
    },
    save(job: SyncJob, now: Date) {
      write.run(name, JSON.stringify(job), now.toISOString())
    },
  }
}
