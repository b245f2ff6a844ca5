import { getEventListeners } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckoutClient } from '../../../src-main/checkout/client'
import { createRateLimiter } from '../../../src-main/checkout/rate-limiter'
import { memoryLogger } from '../../../src-main/logger'
import { startSimulator } from '../../../src-main/simulator/server'

/** The most events that fall in any one-second span. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

describe('the request budget', () => {
  it('never grants more than the setting in any one second', async () => {
    const limiter = createRateLimiter({ perSecond: 10 })
    const started = performance.now()
    // Each "request" is answered at once: its slot frees a second later.
    const times = await Promise.all(Array.from({ length: 25 }, () => limiter.acquire('background').then((release) => (release(), performance.now()))))
    expect(busiestSecond(times)).toBeLessThanOrEqual(10)
    // And it does not idle: 25 grants at 10 a second take a little over 2 seconds.
    expect(performance.now() - started).toBeLessThan(3000)
    expect(performance.now() - started).toBeGreaterThanOrEqual(2000)
  })

  it('holds a slot while its request is in flight, and for a second after its answer', async () => {
    const limiter = createRateLimiter({ perSecond: 2 })
    const first = await limiter.acquire('background')
    const second = await limiter.acquire('background')
    let grantedAt = 0
    const pending = limiter.acquire('background').then((release) => ((grantedAt = performance.now()), release))
    await new Promise((resolve) => setTimeout(resolve, 1100))
    // A second has passed, but neither request has been answered: the third still waits.
    expect(grantedAt).toBe(0)
    const answeredAt = performance.now()
    first()
    ;(await pending)()
    expect(grantedAt - answeredAt).toBeGreaterThanOrEqual(995)
    second()
  })

  it('lets a person’s action go before queued background work', async () => {
    const limiter = createRateLimiter({ perSecond: 2 })
    const order: string[] = []
    const background = Array.from({ length: 5 }, (_, i) => limiter.acquire('background').then((release) => (release(), order.push(`sync ${i}`))))
    const user = limiter.acquire('user').then((release) => (release(), order.push('capture')))
    await Promise.all([...background, user])
    // The first two went at once; the capture took the next free slot.
    expect(order.slice(0, 3)).toEqual(['sync 0', 'sync 1', 'capture'])
  })

  it('stops everything for as long as a 429 asks, and a cancelled wait leaves the queue', async () => {
    const limiter = createRateLimiter({ perSecond: 50 })
    limiter.pauseFor(300)
    const started = performance.now()
    const controller = new AbortController()
    const cancelled = limiter.acquire('background', controller.signal)
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'aborted' })
    ;(await limiter.acquire('user'))()
    expect(performance.now() - started).toBeGreaterThanOrEqual(295)
  })

  it('holds against a real server: the simulator’s request log never counts more than the setting in a second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-limit-'))
    const logPath = join(dir, 'requests.jsonl')
    const sim = await startSimulator({ seed: { count: 50, days: 5, seed: 2 }, logPath })
    const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger: memoryLogger(), limiter: createRateLimiter({ perSecond: 15 }) })
    try {
      const ids = sim.ctx.state.paymentOrder.slice(0, 40)
      // Far more in flight than the budget, as the sync keeps.
      await Promise.all(ids.map((id) => client.getPayment(id)))
      const times = readFileSync(logPath, 'utf8').trim().split('\n').map((line) => Date.parse((JSON.parse(line) as { t: string }).t))
      expect(times).toHaveLength(40)
      expect(busiestSecond(times)).toBeLessThanOrEqual(15)
    } finally {
      await client.close()
      await sim.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves no abort listener behind once a request is granted or its retry wait is over', async () => {
    const sim = await startSimulator({ seed: { count: 10, days: 2, seed: 3 }, faults: { next: ['503', '503', '503'] } })
    const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger: memoryLogger(), limiter: createRateLimiter({ perSecond: 50 }), retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 10 } })
    const controller = new AbortController()
    try {
      for (const id of sim.ctx.state.paymentOrder) await client.getPayment(id, controller.signal)
      // Ten requests and three retry waits on one signal: at most undici's own listener for the last answer's body remains.
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1)
    } finally {
      await client.close()
      await sim.close()
    }
  })

  it('pauses every request of the connection after a 429, for its Retry-After', async () => {
    const sim = await startSimulator({ seed: { count: 10, days: 2, seed: 3 }, faults: { next: ['429'], retryAfterSeconds: 1 } })
    const limiter = createRateLimiter({ perSecond: 50 })
    const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger: memoryLogger(), limiter })
    try {
      const [first, second] = sim.ctx.state.paymentOrder
      const started = performance.now()
      const limited = client.getPayment(first!) // answered 429 once, then retried
      await new Promise((resolve) => setTimeout(resolve, 100))
      await client.getPayment(second!) // another request meanwhile waits for the pause too
      expect(performance.now() - started).toBeGreaterThanOrEqual(950)
      await expect(limited).resolves.toMatchObject({ id: first })
    } finally {
      await client.close()
      await sim.close()
    }
  })
})
