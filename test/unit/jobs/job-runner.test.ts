import { describe, expect, it } from 'vitest'
import { createJobRunner } from '../../../src-main/jobs/job-runner'
import { memoryLogger } from '../../../src-main/logger'

function runner() {
  const changes: { name: string; state: string; progress: unknown }[] = []
  const jobs = createJobRunner({ clock: () => new Date('2026-11-01T00:00:00Z'), logger: memoryLogger(), onChange: (name, status) => changes.push({ name, state: status.state, progress: status.progress }) })
  return { jobs, changes }
}

describe('the job runner', () => {
  it('runs one at a time per job, reports progress and the result, and tells each change', async () => {
    const { jobs, changes } = runner()
    const job = jobs.job<number, string>('export')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const first = job.start(async ({ progress }) => {
      progress(1)
      await gate
      return 'file.csv'
    })
    expect(first.state).toBe('running')
    // A second start while running answers the running status and starts nothing.
    let started = false
    expect(job.start(async () => ((started = true), 'other')).state).toBe('running')
    release()
    await job.settled()
    expect(started).toBe(false)
    expect(job.status()).toMatchObject({ state: 'done', result: 'file.csv', progress: 1, error: null, startedAt: '2026-11-01T00:00:00.000Z' })
    expect(changes.map((c) => c.state)).toEqual(['running', 'running', 'done'])
  })

  it('ends cancelled when cancelled, failed with the reason when the work throws', async () => {
    const { jobs } = runner()
    const job = jobs.job<number, number>('sync')
    job.start(({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))))
    job.cancel()
    await job.settled()
    expect(job.status()).toMatchObject({ state: 'cancelled', error: null })
    job.start(async () => {
      throw new Error('Could not reach Checkout.com')
    })
    await job.settled()
    expect(job.status()).toMatchObject({ state: 'failed', error: 'Could not reach Checkout.com' })
    job.reset()
    expect(job.status().state).toBe('idle')
  })

  it('folds progress notices closer than 100 ms, but keeps the status current', async () => {
    const { jobs, changes } = runner()
    const job = jobs.job<number, void>('sync')
    job.start(async ({ progress }) => {
      for (let i = 1; i <= 50; i++) progress(i)
      expect(job.status().progress).toBe(50)
    })
    await job.settled()
    expect(changes.length).toBeLessThan(5)
    expect(changes.at(-1)).toMatchObject({ state: 'done', progress: 50 })
  })
})
