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
})
export type SyncProgress = z.infer<typeof SyncProgress>

export const SyncFailure = z.object({ id: z.string(), reason: z.string() })

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
})
export type SyncSummary = z.infer<typeof SyncSummary>
