import { z } from 'zod'
import { JobState } from '../jobs/job-status'

// What the main process pushes to the page (a preload event in Electron, server-sent events
// in the browser host), so a background change shows up on the open screen without polling.

import { JOB_STATUS_CALLS, type JobName } from './job-status-calls'

export { JOB_STATUS_CALLS, type JobName }

/** The data a change concerns: screens reading it fetch again. */
export const Topic = z.enum(['payments', 'settings'])
export type Topic = z.infer<typeof Topic>

export const AppEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('job'),
    job: z.enum(Object.keys(JOB_STATUS_CALLS) as [JobName, ...JobName[]]),
    status: z.looseObject({ state: JobState }),
  }),
  z.object({ type: z.literal('changed'), topic: Topic }),
])
export type AppEvent = z.infer<typeof AppEvent>

export interface EventSink {
  emit(event: AppEvent): void
}
