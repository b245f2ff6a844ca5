import { benchSearchSync } from './test/bench/search-sync.bench'
await benchSearchSync({ days: Number(process.env.DAYS ?? 10), perDay: Number(process.env.PER ?? 500), latencyMs: 100, rateLimit: 100, runs: 1 })
