import { z } from 'zod'
import { Empty, type CallTable } from '../contract/define'
import { jobStatusSchema } from '../jobs/job-status'
import { SyncProgress, SyncSummary } from './sync-report'

export const SyncStatus = jobStatusSchema(SyncProgress, SyncSummary)
export type SyncStatus = z.infer<typeof SyncStatus>

export const syncCalls = {
  'sync.start': { input: z.object({ days: z.number().int().min(1).max(730).optional() }).strict(), output: SyncStatus },
  'sync.status': { input: Empty, output: SyncStatus },
  'sync.cancel': { input: Empty, output: SyncStatus },
} satisfies CallTable
