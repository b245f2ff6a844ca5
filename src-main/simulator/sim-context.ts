import type { Random } from './random'
import type { SimState } from './state'

/** Which records a change touched, by id; 'all' when it cannot say (a new snapshot is written). */
export type ChangeMark = 'all' | { payment?: string; customer?: string; source?: string; token?: string; idempotency?: string; attempt?: string }

/** What every simulator operation works on; the server owns one. */
export interface SimContext {
  state: SimState
  random: Random
  /** Simulated now, in ms; tests can move it forward (token expiry, authorisation expiry). */
  now(): number
  baseUrl(): string
  /** Signs report download links (reports.ts); never card data. */
  linkSecret: string
  /** Called after every change with what changed (default: anything), so a persisted state can be saved and derived indexes rebuilt. */
  changed(change?: ChangeMark): void
  /** How long after its authorisation a payment with `capture` (the default) is captured, without `capture_on`. */
  autoCaptureDelayMs: number
  /** How many changes so far: derived indexes (the settlement ledger) know when to rebuild. */
  revision(): number
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
