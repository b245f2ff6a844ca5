import { setMaxListeners } from 'node:events'
import type { Logger } from '../logger'
import { idleStatus, type JobStatus } from './job-status'

// One runner for every long piece of work: one run at a time per job, progress, cancel, and a
// change notice the app turns into a push event, so no screen needs to poll.

export interface JobControl<P> {
  signal: AbortSignal
  progress(progress: P): void
}

export interface Job<P, R> {
  /** Starts the work unless this job is already running; answers the status either way. */
  start(work: (control: JobControl<P>) => Promise<R>): JobStatus<P, R>
  status(): JobStatus<P, R>
  cancel(): JobStatus<P, R>
  /** Resolves when the current run (if any) has ended. */
  settled(): Promise<void>
  /** Forgets the last run's status (after a switch to another connection). */
  reset(): void
}

export interface JobRunner {
  job<P, R>(name: string): Job<P, R>
  cancelAll(): void
  settled(): Promise<void>
}

/** Progress notices closer together than this are folded into the next one. */
const PROGRESS_INTERVAL_MS = 100

export function createJobRunner(deps: { clock: () => Date; logger: Logger; onChange(name: string, status: JobStatus<unknown, unknown>): void }): JobRunner {
  const jobs = new Map<string, Job<unknown, unknown>>()

  function createJob<P, R>(name: string): Job<P, R> {
    let status: JobStatus<P, R> = idleStatus()
    let controller: AbortController | null = null
    let running: Promise<void> = Promise.resolve()
    let lastProgressAt = 0
    const set = (next: JobStatus<P, R>, notify = true) => {
      status = next
      if (notify) deps.onChange(name, status)
    }
    return {
      start(work) {
        if (status.state === 'running') return status
        const own = new AbortController()
        // Every request of the run listens to this one signal (a sync keeps 16 in flight).
        setMaxListeners(256, own.signal)
        controller = own
        set({ ...idleStatus<P, R>(), state: 'running', startedAt: deps.clock().toISOString() })
        running = (async () => {
          try {
            const result = await work({
              signal: own.signal,
              progress(progress) {
                const now = performance.now()
                const notify = now - lastProgressAt >= PROGRESS_INTERVAL_MS
                if (notify) lastProgressAt = now
                set({ ...status, progress }, notify)
              },
            })
            set({ ...status, state: own.signal.aborted ? 'cancelled' : 'done', finishedAt: deps.clock().toISOString(), result })
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error)
            if (own.signal.aborted) set({ ...status, state: 'cancelled', finishedAt: deps.clock().toISOString() })
            else {
              deps.logger.log('error', `${name} failed`, { error: message })
              set({ ...status, state: 'failed', finishedAt: deps.clock().toISOString(), error: message })
            }
          }
        })()
        return status
      },
      status: () => status,
      cancel() {
        controller?.abort()
        return status
      },
      settled: () => running,
      reset() {
        if (status.state !== 'running') set(idleStatus())
      },
    }
  }

  return {
    job<P, R>(name: string) {
      let job = jobs.get(name)
      if (!job) {
        job = createJob<P, R>(name) as Job<unknown, unknown>
        jobs.set(name, job)
      }
      return job as Job<P, R>
    },
    cancelAll() {
      for (const job of jobs.values()) job.cancel()
    },
    async settled() {
      await Promise.all([...jobs.values()].map((job) => job.settled()))
    },
  }
}
