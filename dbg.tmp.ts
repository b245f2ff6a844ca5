import { startSimulator } from './src-main/simulator/server'
import { CheckoutClient } from './src-main/checkout/client'
import { reportsToRead } from './src-main/sync/reports-sync'
const endAt = Date.UTC(2026, 10, 1)
const sim = await startSimulator({ seed: { count: 5000, days: 10, seed: 4, endAt } })
const c = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey })
const all = []; let p = await c.listReports({ createdAfter: new Date(endAt - 10 * 86400000).toISOString() }); all.push(...p.data)
while (p._links?.next?.href) { p = await c.listReports({ next: p._links.next.href }); all.push(...p.data) }
const counts: Record<string, number> = {}; for (const r of all) counts[r.type] = (counts[r.type] ?? 0) + 1
console.log(all.length, counts, reportsToRead(all).length)
console.log(all.filter(r => r.type !== 'Payouts').slice(0, 4).map(r => [r.type, r.from, r.to, r.created_on]))
await c.close(); await sim.close()
