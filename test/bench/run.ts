import { benchSimulator } from './simulator.bench'
import { benchSync } from './sync.bench'
import { benchList, buildLargeStore } from './list.bench'
import { benchFilterToPaint } from './ui.bench'

// `npm run bench`: one line per figure (name, median, min, max, unit, N).
const runs = Number(process.env.BENCH_RUNS ?? 5)
console.log(`Paydesk benchmarks: node ${process.version}, ${runs} runs each\n`)
await benchSimulator(runs)
await benchSync(runs)
const large = await buildLargeStore()
try {
  await benchList(large.dataDir, runs)
  await benchFilterToPaint(large.dataDir, runs)
} finally {
  large.remove()
}
