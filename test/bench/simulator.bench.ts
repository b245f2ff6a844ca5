import { Pool } from 'undici'
import { startSimulator } from '../../src-main/simulator/server'
import { report, throughput } from './measure'

// Simulator throughput on loopback through one keep-alive undici pool, as the app's client uses it.
export async function benchSimulator(runs: number, seeded: number): Promise<void> {
  // /reporting/* is served to previous-platform keys only.
  const sim = await startSimulator({ seed: { count: seeded, days: 90, seed: 1 }, secretKey: 'sk_test_0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0' })
  const pool = new Pool(sim.url, { connections: 8, keepAliveTimeout: 30_000 })
  const headers = { authorization: sim.secretKey, 'content-type': 'application/json' }
  const body = JSON.stringify({ source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2031, cvv: '100' }, amount: 1000, currency: 'GBP', reference: 'BENCH' })
  const post: number[] = []
  const reportPage: number[] = []
  const listPage: number[] = []
  try {
    for (let run = 0; run < runs; run++) {
      post.push(
        await throughput(Math.min(2000, seeded / 2), 8, async () => {
          const response = await pool.request({ method: 'POST', path: '/payments', headers, body })
          if (response.statusCode !== 201) throw new Error(`POST /payments answered ${response.statusCode}`)
          await response.body.dump()
        }),
      )
      reportPage.push(
        await throughput(40, 4, async (i) => {
          const from = new Date(Date.now() - (80 - i) * 86_400_000).toISOString()
          const response = await pool.request({ method: 'GET', path: `/reporting/payments?from=${from}&limit=500`, headers })
          const page = (await response.body.json()) as { count: number }
          if (page.count !== 500) throw new Error(`report page had ${page.count} rows`)
        }),
      )
      listPage.push(
        await throughput(200, 8, async (i) => {
          const response = await pool.request({ method: 'GET', path: `/payments?limit=100&skip=${i * 50}`, headers })
          await response.body.dump()
        }),
      )
    }
  } finally {
    await pool.close()
    await sim.close()
  }
  report('simulator POST /payments (keep-alive, 8 in flight)', post, 'req/s')
  report('simulator GET /reporting/payments 500-row page', reportPage, 'pages/s')
  report('simulator GET /reporting/payments rows', reportPage.map((p) => p * 500), 'rows/s')
  report('simulator GET /payments 100-row page', listPage, 'pages/s')
}
