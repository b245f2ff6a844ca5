import { createHash } from 'node:crypto'
import { minorUnitExponent } from '../reference/minor-units'
import { feeLinesOf, type FeeLine } from './fees'
import type { SimContext } from './sim-context'
import type { StoredAction, StoredPayment } from './state'

// Where the money of each approved action goes on the current platform: its fee lines are
// converted into the merchant's holding currency and paid out two days after the UTC day they
// were processed on, one payout per holding currency and day. Rules chosen here (README.md):
// the rates are fixed, a currency without one is held in itself, and nothing is reserved.

export const DAY_MS = 24 * 3600 * 1000
/** Processed on day D, paid out on day D + 2. */
export const PAYOUT_DELAY_DAYS = 2

/** Processing currency -> [holding currency, rate]. */
const HOLDING: Record<string, readonly [string, number]> = {
  GBP: ['GBP', 1],
  EUR: ['GBP', 0.85],
  USD: ['GBP', 0.79],
  JPY: ['GBP', 0.0052],
  KWD: ['GBP', 2.58],
}

export function holdingOf(currency: string): readonly [string, number] {
  return HOLDING[currency] ?? [currency, 1]
}

export interface SettledLine extends FeeLine {
  holdingCurrency: string
  /** Holding currency, minor units. */
  holdingMinor: number
  rate: number
}

export interface SettledAction {
  payment: StoredPayment
  action: StoredAction
  cardType: string
  lines: SettledLine[]
  /** UTC day number (ms since epoch / DAY_MS) the action was processed on. */
  day: number
}

export interface Payout {
  id: string
  holdingCurrency: string
  /** The UTC day the actions were processed on; the payout is dated PAYOUT_DELAY_DAYS later. */
  day: number
  actions: SettledAction[]
  /** Holding currency, minor units: the sum of every line. */
  amount: number
}

export interface Ledger {
  byDay: Map<number, SettledAction[]>
  byAction: Map<string, SettledAction>
  byPayment: Map<string, SettledAction[]>
  payouts: Map<string, Payout>
  firstDay: number | null
}

/** A stable id in the API's shape (prefix + 26 base32 characters) for a name. */
export function stableId(prefix: string, name: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  const bytes = createHash('sha256').update(name).digest()
  let out = ''
  for (let i = 0; i < 26; i++) out += alphabet[bytes[i]! & 31]
  return `${prefix}_${out}`
}

export function settle(payment: StoredPayment, action: StoredAction, cardType: string): SettledLine[] {
  const [holdingCurrency, rate] = holdingOf(payment.currency)
  const shift = 10 ** (minorUnitExponent(holdingCurrency) - minorUnitExponent(payment.currency))
  return feeLinesOf(payment, action, cardType).map((line) => ({ ...line, holdingCurrency, rate, holdingMinor: Math.round(line.minor * rate * shift) }))
}

export const payoutIdOf = (holdingCurrency: string, day: number) => stableId('po', `payout ${holdingCurrency} ${day}`)

let cache: { state: unknown; revision: number; count: number; ledger: Ledger } | null = null

/** Every approved action with money, indexed by day, action, payment and payout; rebuilt only after a change. */
export function ledgerOf(ctx: SimContext): Ledger {
  const { state } = ctx
  if (cache && cache.state === state && cache.revision === ctx.revision() && cache.count === state.paymentOrder.length) return cache.ledger
  const ledger: Ledger = { byDay: new Map(), byAction: new Map(), byPayment: new Map(), payouts: new Map(), firstDay: null }
  for (const id of state.paymentOrder) {
    const payment = state.payments[id]!
    const cardType = (payment.sourceId && state.sources[payment.sourceId]?.profile.card_type) || 'Credit'
    for (const action of payment.actions) {
      const lines = settle(payment, action, cardType)
      if (lines.length === 0) continue
      const day = Math.floor(Date.parse(action.processed_on) / DAY_MS)
      const settled: SettledAction = { payment, action, cardType, lines, day }
      push(ledger.byDay, day, settled)
      push(ledger.byPayment, payment.id, settled)
      ledger.byAction.set(action.id, settled)
      if (ledger.firstDay === null || day < ledger.firstDay) ledger.firstDay = day
      const payoutId = payoutIdOf(lines[0]!.holdingCurrency, day)
      let payout = ledger.payouts.get(payoutId)
      if (!payout) ledger.payouts.set(payoutId, (payout = { id: payoutId, holdingCurrency: lines[0]!.holdingCurrency, day, actions: [], amount: 0 }))
      payout.actions.push(settled)
      payout.amount += lines.reduce((s, l) => s + l.holdingMinor, 0)
    }
  }
  cache = { state, revision: ctx.revision(), count: state.paymentOrder.length, ledger }
  return ledger
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** A payout is known (listed, reported) once its date has come. */
export const payoutDate = (payout: Payout) => (payout.day + PAYOUT_DELAY_DAYS) * DAY_MS
