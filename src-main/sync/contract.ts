import { z } from 'zod'
import { Empty, type CallTable } from '../contract/define'
import { jobStatusSchema } from '../jobs/job-status'
import { SyncProgress, SyncSummary } from './sync-report'

export const SyncStatus = jobStatusSchema(SyncProgress, SyncSummary)
export type SyncStatus = z.infer<typeof SyncStatus>

/** The last sync that ended on this connection's store, kept across restarts and connection switches. */
export const LastSync = z.object({ at: z.string(), created: z.number().int(), updated: z.number().int(), stopped: z.string().nullable() })
export type LastSync = z.infer<typeof LastSync>

export const syncCalls = {
  'sync.start': { input: z.object({ days: z.number().int().min(1).max(730).optional() }).strict(), output: SyncStatus },
  'sync.status': { input: Empty, output: SyncStatus },
  'sync.cancel': { input: Empty, output: SyncStatus },
  'sync.last': { input: Empty, output: LastSync.nullable() },
} satisfies CallTable
