import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CheckoutClient } from './src-main/checkout/client'
import { createLogger } from './src-main/logger'
import { startSimulator } from './src-main/simulator/server'
import { openPaymentsStore } from './src-main/store/payments-store'
import { syncPaymentsBySearch } from './src-main/sync/search-sync'
const endAt = Date.UTC(2026, 10, 1)
const days = Number(process.env.DAYS ?? 15), perDay = 3000
let t = performance.now()
const sim = await startSimulator({ seed: { count: days * perDay, days, seed: 4, endAt } })
console.log('seed', (performance.now() - t).toFixed(0))
const logger = createLogger(() => {})
const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger })
const store = await openPaymentsStore(join(mkdtempSync(join(tmpdir(), 'p-')), 'p.sqlite'))
if (process.env.DROP) for (const t of process.env.DROP.split(',')) store.sqlite.exec(t.startsWith('idx:') ? 'drop index ' + t.slice(4) : 'drop trigger ' + t)
for (const p of (process.env.PRAGMAS ?? '').split(';').filter(Boolean)) store.sqlite.pragma(p)
t = performance.now()
const r = await syncPaymentsBySearch({ client, store, logger, clock: () => new Date(endAt) }, { from: new Date(endAt - days * 86400000).toISOString(), to: new Date(endAt + 60000).toISOString() })
const s = (performance.now() - t) / 1000
console.log('sync', s.toFixed(1), 's', r.created, (r.created / s).toFixed(0), '/s', sim.requestCount(), 'req')
await client.close(); await sim.close(); await store.close()
