import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { forgetCardHashes } from './fingerprints'
import type { ChangeMark } from './sim-context'
import { emptyState, type SimState } from './state'

// --state FILE: a snapshot (FILE, the whole state as JSON) and a journal beside it (FILE.log,
// one JSON line per changed record), so a change costs a line, not a rewrite of a million
// payments. At start the snapshot is read, the journal replayed (a torn last line from a crash
// is skipped) and both are folded into a new snapshot. A change no caller described ("all", as
// after seeding) writes a new snapshot.

type Kind = Exclude<keyof Exclude<ChangeMark, 'all'>, never>
type Entry = { k: Kind | 'autoCapture'; id: string; v: unknown }

const TABLES: Record<Kind | 'autoCapture', keyof SimState> = {
  payment: 'payments',
  customer: 'customers',
  source: 'sources',
  token: 'tokens',
  idempotency: 'idempotency',
  attempt: 'attempts',
  autoCapture: 'autoCaptures',
}

const journalOf = (file: string) => `${file}.log`

function writeSnapshot(file: string, state: SimState): void {
  const tmp = `${file}.tmp`
  const { paymentOrder: _derived, ...rest } = state
  // Customers' emails and card digits: readable by this user only.
  writeFileSync(tmp, JSON.stringify(rest), { mode: 0o600 })
  renameSync(tmp, file)
  writeFileSync(journalOf(file), '', { mode: 0o600 })
}

export function loadState(file: string): SimState | null {
  if (!existsSync(file) && !existsSync(journalOf(file))) return null
  const parsed = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<SimState>) : {}
  const state: SimState = { ...emptyState(), ...parsed, paymentOrder: [] }
  const lines = existsSync(journalOf(file)) ? readFileSync(journalOf(file), 'utf8').split('\n') : []
  let replayed = 0
  for (const line of lines) {
    if (!line) continue
    let entry: Entry
    try {
      entry = JSON.parse(line) as Entry
    } catch {
      break // a line cut short by a crash: everything before it stands
    }
    const table = state[TABLES[entry.k]] as Record<string, unknown>
    if (entry.v === null) delete table[entry.id]
    else table[entry.id] = entry.v
    replayed++
  }
  // The order is derived: older snapshots carried it, newer ones rebuild it.
  const ordered = Object.values(state.payments).sort((a, b) => (a.requested_on < b.requested_on ? -1 : a.requested_on > b.requested_on ? 1 : a.id < b.id ? -1 : 1))
  state.paymentOrder = ordered.map((p) => p.id)
  const rewritten = forgetCardHashes(state)
  if (replayed > 0 || rewritten) writeSnapshot(file, state)
  return state
}

export function createStateSaver(file: string, state: () => SimState, delayMs = 250) {
  let timer: NodeJS.Timeout | null = null
  let all = false
  const marks = new Map<string, [Kind | 'autoCapture', string]>()
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    const current = state()
    if (all) {
      writeSnapshot(file, current)
    } else if (marks.size > 0) {
      const lines = [...marks.values()].map(([k, id]) => JSON.stringify({ k, id, v: (current[TABLES[k]] as Record<string, unknown>)[id] ?? null }))
      appendFileSync(journalOf(file), `${lines.join('\n')}\n`, { mode: 0o600 })
    }
    all = false
    marks.clear()
  }
  const mark = (k: Kind | 'autoCapture', id: string | undefined) => {
    if (id) marks.set(`${k} ${id}`, [k, id])
  }
  return {
    changed(change: ChangeMark = 'all') {
      if (change === 'all') all = true
      else {
        const current = state()
        for (const [k, id] of Object.entries(change) as [Kind, string | undefined][]) mark(k, id)
        // A payment's change may touch its card, its customer and its pending automatic capture.
        if (change.payment) {
          const payment = current.payments[change.payment]
          mark('source', payment?.sourceId)
          mark('customer', payment?.customerId)
          mark('autoCapture', change.payment)
        }
      }
      if (!timer) timer = setTimeout(flush, delayMs)
    },
    flush,
  }
}

