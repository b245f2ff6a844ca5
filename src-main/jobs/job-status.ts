import { z } from 'zod'

// What any long piece of work (sync, export; import and reconcile later) tells the app while
// it runs and when it ends. Pure zod: each capability's contract builds its status schema here.

export const JobState = z.enum(['idle', 'running', 'done', 'failed', 'cancelled'])
export type JobState = z.infer<typeof JobState>

export function jobStatusSchema<P extends z.ZodType, R extends z.ZodType>(progress: P, result: R) {
  return z.object({
    state: JobState,
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: progress.nullable(),
    result: result.nullable(),
    /** Why it failed, for a person. */
    error: z.string().nullable(),
  })
}

export interface JobStatus<P, R> {
  state: JobState
  startedAt: string | null
  finishedAt: string | null
  progress: P | null
  result: R | null
  error: string | null
}

export function idleStatus<P, R>(): JobStatus<P, R> {
  return { state: 'idle', startedAt: null, finishedAt: null, progress: null, result: null, error: null }
}
