import { z } from 'zod'

// What a sync tells the app while it runs and when it ends. Pure zod (no Node imports):
// the contract reuses these schemas for the renderer.

export const SyncProgress = z.object({
  pages: z.number().int(),
  payments: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Payments per second since this run started. */
  rate: z.number(),
  /** Share of the date range covered. */
  fraction: z.number().min(0).max(1),
  etaSeconds: z.number().nullable(),
  /** What the sync is doing: listing payments, reading fees and payouts, re-reading payments the reports changed. */
  phase: z.enum(['payments', 'fees', 'recheck']),
})
export type SyncProgress = z.infer<typeof SyncProgress>

export const SyncFailure = z.object({ id: z.string(), reason: z.string() })

/** What a sync read of fees, settlement and payouts (current platform: the Reports API). */
export const SettlementSummary = z.object({
  reports: z.number().int(),
  files: z.number().int(),
  feeLines: z.number().int(),
  payouts: z.number().int(),
  requests: z.number().int(),
  /** Why there is nothing to read, or why it could not be read: shown beside the sync's result. */
  note: z.string().nullable(),
})
export type SettlementSummary = z.infer<typeof SettlementSummary>

export const SyncSummary = z.object({
  from: z.string(),
  to: z.string(),
  pages: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.array(SyncFailure),
  resumed: z.boolean(),
  durationMs: z.number(),
  settlement: SettlementSummary.optional(),
  /** Set when the sync stopped part-way on a fault that outlasted its retries: what is stored stands, the next sync resumes. */
  stopped: z.string().optional(),
})
export type SyncSummary = z.infer<typeof SyncSummary>
