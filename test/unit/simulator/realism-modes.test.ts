import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { CheckoutClient } from '../../../src-main/checkout/client'
import { createRateLimiter } from '../../../src-main/checkout/rate-limiter'
import { memoryLogger } from '../../../src-main/logger'
import { startSimulator } from '../../../src-main/simulator/server'

describe('the simulator’s realism modes', () => {
  it('--rate-limit answers 429 with Retry-After past N requests in a second', async () => {
    const sim = await startSimulator({ seed: { count: 30, days: 3, seed: 8 }, rateLimit: 10 })
    try {
      const ids = sim.ctx.state.paymentOrder.slice(0, 25)
      const answers = await Promise.all(ids.map((id) => request(`${sim.url}/payments/${id}`, { headers: { authorization: sim.secretKey } }).then(async (r) => (await r.body.dump(), { status: r.statusCode, retryAfter: r.headers['retry-after'] }))))
      expect(answers.filter((a) => a.status === 200)).toHaveLength(10)
      expect(answers.filter((a) => a.status === 429)).toHaveLength(15)
      expect(answers.find((a) => a.status === 429)?.retryAfter).toBe('1')
    } finally {
      await sim.close()
    }
  })

  it('is never refused when the client keeps to the same budget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-realism-'))
    const sim = await startSimulator({ seed: { count: 30, days: 3, seed: 8 }, rateLimit: 10, logPath: join(dir, 'log.jsonl') })
    const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger: memoryLogger(), limiter: createRateLimiter({ perSecond: 10 }) })
    try {
      await Promise.all(sim.ctx.state.paymentOrder.slice(0, 25).map((id) => client.getPayment(id)))
      const statuses = readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { status: number }).status)
      expect(statuses).toHaveLength(25)
      expect(statuses.every((s) => s === 200)).toBe(true)
    } finally {
      await client.close()
      await sim.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('--latency makes every API answer wait', async () => {
    const sim = await startSimulator({ seed: { count: 3, days: 1, seed: 8 }, latencyMs: 120 })
    try {
      const started = performance.now()
      const response = await request(`${sim.url}/payments/${sim.ctx.state.paymentOrder[0]}`, { headers: { authorization: sim.secretKey } })
      await response.body.dump()
      expect(response.statusCode).toBe(200)
      expect(performance.now() - started).toBeGreaterThanOrEqual(115)
    } finally {
      await sim.close()
    }
  })
})
