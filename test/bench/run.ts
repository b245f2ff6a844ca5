import { parseArgs } from 'node:util'
import { benchList, buildLargeStore } from './list.bench'
import { benchSearchSync } from './search-sync.bench'
import { benchSimulator } from './simulator.bench'
import { benchSync } from './sync.bench'
import { benchReconciliation } from './reconciliation.bench'
import { benchFilterToPaint } from './ui.bench'
import { benchInsights } from './insights.bench'

// `npm run bench`: one line per figure (name, median, min, max, unit, N).
// `npm run bench -- --quick`: the same figures on small data, one run each, so CI keeps the
// benchmark working (its numbers are not the ones to quote).
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
const quick = values.quick
const runs = quick ? 1 : Number(process.env.BENCH_RUNS ?? 5)
const listRows = quick ? 20_000 : Number(process.env.BENCH_LIST_ROWS ?? 1_000_000)
const syncPayments = quick ? 5_000 : 20_000
const label = listRows >= 1_000_000 ? `${listRows / 1_000_000}M` : `${listRows / 1000}k`
const started = performance.now()
console.log(`Paydesk benchmarks${quick ? ' (quick: small data, one run; not for quoting)' : ''}: node ${process.version}, ${runs} run(s) each\n`)
await benchSimulator(runs, quick ? 4_000 : 20_000)
await benchSync(runs, syncPayments)
await benchSearchSync(quick ? { days: 10, perDay: 500, latencyMs: 100, rateLimit: 100, runs } : { days: 90, perDay: 3000, latencyMs: 100, rateLimit: 100, runs })
await benchReconciliation(runs, quick ? 5_000 : 100_000)
const large = await buildLargeStore(listRows)
try {
  await benchList(large.dataDir, runs, label)
  await benchInsights(large.dataDir, runs, label, '2026-10-31')
  await benchFilterToPaint(large.dataDir, runs, label)
} finally {
  large.remove()
}
console.log(`\n(benchmarks took ${((performance.now() - started) / 1000).toFixed(0)} s)`)
