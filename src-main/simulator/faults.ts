import { z } from 'zod'
import { seededRandom, type Random } from './random'

// Fault injection for tests, off by default: for the whole server (a rate and the kinds to
// draw from) or for one request (the Cko-Sim-Fault header). Failures that a real network
// produces before the request is handled (5xx, 429) happen before it takes effect; the ones
// that lose the answer (reset, timeout, truncated body) happen after, so a POST that
// "failed" that way did create its payment, the case idempotency keys exist for.

export const FaultKind = z.enum(['latency', '500', '502', '503', '429', 'reset', 'timeout', 'truncate'])
export type FaultKind = z.infer<typeof FaultKind>

export const FaultConfig = z.strictObject({
  rate: z.number().min(0).max(1).default(0),
  kinds: z.array(FaultKind).min(1).default(['500', '502', '503', '429', 'reset', 'timeout', 'truncate']),
  latencyMs: z.number().int().min(0).max(60_000).default(200),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  seed: z.number().int().optional(),
  /** Faults for the next requests, in order, before any drawn at `rate` (deterministic tests). */
  next: z.array(FaultKind).default([]),
})
export type FaultConfig = z.infer<typeof FaultConfig>

export const NO_FAULTS: FaultConfig = FaultConfig.parse({})

export const BEFORE_HANDLING = new Set<FaultKind>(['500', '502', '503', '429'])

export interface FaultPlan {
  kind: FaultKind
  latencyMs: number
}

export function createFaultPicker(initial: FaultConfig = NO_FAULTS) {
  let config = { ...initial, next: [...initial.next] }
  let random: Random = seededRandom(config.seed ?? Date.now())
  return {
    get config() {
      return config
    },
    set(next: FaultConfig) {
      config = { ...next, next: [...next.next] }
      random = seededRandom(next.seed ?? Date.now())
    },
    /** The fault for this request: the header's, else a draw at the configured rate, else none. */
    pick(header: string | undefined): FaultPlan | null {
      if (header) {
        const [name, value] = header.split('=')
        const kind = FaultKind.safeParse(name?.trim())
        if (kind.success) return { kind: kind.data, latencyMs: Number(value) || config.latencyMs }
      }
      const queued = config.next.shift()
      if (queued) return { kind: queued, latencyMs: config.latencyMs }
      if (config.rate > 0 && random.next() < config.rate) {
        return { kind: config.kinds[Math.floor(random.next() * config.kinds.length)]!, latencyMs: config.latencyMs }
      }
      return null
    },
  }
}
