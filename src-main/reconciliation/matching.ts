// The reconciliation engine: a day's orders (from the merchant's shop) against the payments
// Checkout.com processed and the payouts that carried them. Pure and synchronous, so a day of
// 100,000 orders is a few maps and one pass (npm run bench), and every state has a table test.
//
// Matching, in order, each payment going to one order at most: links made by hand; the exact
// reference; the normalised reference (case, spaces, configured prefixes and suffixes); then,
// for what is left, the same amount and currency within a time window, nearest first. An order
// may take several payments (paid in two parts); a payment's captures and refunds stay on it.

// An order is compared with the money actually received for it: captured less refunded, in the
// payment's currency. What was only authorised is not money; each way it can fall short has a
// state of its own, so finance reads what happened, not only that something differs.
export const LINE_STATES = [
  /** Captured in full, nothing refunded, and in a payout. */
  'matched',
  'amount_mismatch',
  'currency_mismatch',
  'order_without_payment',
  'payment_without_order',
  'declined_for_paid_order',
  /** Authorised and still open: nothing captured yet, so no money. */
  'authorised_not_captured',
  /** Less captured than authorised (a partial capture): the rest will not come. */
  'partly_captured',
  /** The authorisation ran out (7 days) with nothing captured. */
  'authorisation_expired',
  /** The authorisation was voided: nothing was taken. */
  'voided',
  /** All of the captured money was refunded while the shop's order stands. */
  'refunded',
  /** Part of the captured money was refunded while the shop's order stands. */
  'partly_refunded',
  'captured_not_paid_out',
  'payout_without_capture',
  'two_payments_for_one_order',
  /** An order whose reference another order of the day has too, left without a payment (the shop's file lists it twice, or two orders share a reference). */
  'duplicate_order',
] as const
export type LineState = (typeof LINE_STATES)[number]

/** States that are not differences: money still on its way (a payout comes at D+2). */
export const PENDING_STATES: ReadonlySet<LineState> = new Set(['captured_not_paid_out'])

export const MATCH_RULES = ['manual', 'reference', 'normalised_reference', 'amount_and_time'] as const
export type MatchRule = (typeof MATCH_RULES)[number]

export interface MatchOrder {
  id: string
  reference: string
  /** Minor units of `currency`. */
  amount: number
  currency: string
  orderedAt: string
  /** The shop's own status ("paid", "refunded", "cancelled"…), if the file has one. */
  status: string | null
}

export interface MatchPayment {
  id: string
  reference: string | null
  amount: number
  currency: string
  createdAt: string
  /** 1 approved, 0 declined, null pending. */
  approved: 0 | 1 | null
  status: string
  captured: number
  refunded: number
  /** Every approved capture of the payment is in a payout. */
  paidOut: boolean
}

/** A capture a payout carried whose payment this computer does not have captured. */
export interface PayoutCapture {
  paymentId: string
  payoutId: string
  currency: string
  amount: number
}

export interface MatchRules {
  /** Removed from the start of a reference before comparing ("ORDER-", "#"). */
  prefixes: string[]
  suffixes: string[]
  /** How far apart an order and a payment of the same amount may be, in minutes. */
  windowMinutes: number
}
export const DEFAULT_RULES: MatchRules = { prefixes: ['#', 'order-', 'order ', 'ord-'], suffixes: [], windowMinutes: 30 }

export interface ManualPairs {
  links: { orderId: string; paymentId: string }[]
  unlinks: { orderId: string; paymentId: string }[]
}

export interface Line {
  /** Stable across re-imports and re-syncs: what explanations are kept against. */
  key: string
  state: LineState
  rule: MatchRule | null
  orderIds: string[]
  paymentIds: string[]
  payoutIds: string[]
  currency: string
  /** What the shop expected (the order), in minor units; null without an order. */
  expected: number | null
  /** What Checkout.com has for it; null without a payment. */
  actual: number | null
  /** actual less expected (a missing payment is minus the order). */
  difference: number
  /** "currency_mismatch": what was received in each other currency; the difference in those is that amount. */
  paidInOther?: { currency: string; amount: number }[]
}

/** Statuses of a shop's order under which a refund is expected, not a difference. */
const REFUNDED_ORDER = /refund|cancel|return|void/i
/** Payments that bring no money, whatever their authorisation said. */
const NO_MONEY = new Set(['Voided', 'Expired', 'Canceled', 'Declined'])
/** The money a payment brought: captured less refunded. */
const received = (p: MatchPayment) => p.captured - p.refunded

export function normaliseReference(reference: string, rules: Pick<MatchRules, 'prefixes' | 'suffixes'>): string {
  let text = reference.toLowerCase().replace(/\s+/g, '')
  for (const prefix of rules.prefixes.map((p) => p.toLowerCase().replace(/\s+/g, ''))) if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length)
  for (const suffix of rules.suffixes.map((s) => s.toLowerCase().replace(/\s+/g, ''))) if (suffix && text.endsWith(suffix)) text = text.slice(0, -suffix.length)
  return text
}

const counts = (p: MatchPayment) => p.approved === 1 && !NO_MONEY.has(p.status)

export function reconcile(orders: readonly MatchOrder[], payments: readonly MatchPayment[], rules: MatchRules = DEFAULT_RULES, manual: ManualPairs = { links: [], unlinks: [] }, payoutCaptures: readonly PayoutCapture[] = []): Line[] {
  const paymentById = new Map(payments.map((p) => [p.id, p]))
  const unlinked = new Set(manual.unlinks.map((u) => `${u.orderId}|${u.paymentId}`))
  const assigned = new Map<string, string>() // payment id -> order id
  const byOrder = new Map<string, { ids: string[]; rule: MatchRule }>()
  const take = (order: MatchOrder, paymentIds: string[], rule: MatchRule) => {
    const free = paymentIds.filter((id) => !assigned.has(id) && (unlinked.size === 0 || !unlinked.has(`${order.id}|${id}`)))
    if (free.length === 0) return false
    for (const id of free) assigned.set(id, order.id)
    const existing = byOrder.get(order.id)
    if (existing) existing.ids.push(...free)
    else byOrder.set(order.id, { ids: free, rule })
    return true
  }
  const orderById = new Map(orders.map((o) => [o.id, o]))
  for (const link of manual.links) {
    const order = orderById.get(link.orderId)
    if (order && paymentById.has(link.paymentId)) take(order, [link.paymentId], 'manual')
  }

  const index = (key: (p: MatchPayment) => string | null) => {
    const map = new Map<string, string[]>()
    for (const p of payments) {
      const k = key(p)
      if (!k) continue
      const ids = map.get(k)
      if (ids) ids.push(p.id)
      else map.set(k, [p.id])
    }
    return map
  }
  const exact = index((p) => p.reference)
  for (const order of orders) if (!byOrder.has(order.id)) take(order, exact.get(order.reference) ?? [], 'reference')
  // The later rules index only what is left, and only when something is.
  let left = orders.filter((o) => !byOrder.has(o.id))
  if (left.length > 0) {
    const normalised = index((p) => (p.reference && !assigned.has(p.id) ? normaliseReference(p.reference, rules) : null))
    for (const order of left) take(order, normalised.get(normaliseReference(order.reference, rules)) ?? [], 'normalised_reference')
    left = left.filter((o) => !byOrder.has(o.id))
  }

  // What is left: the same amount and currency, nearest in time within the window, approved first.
  const window = rules.windowMinutes * 60_000
  const byAmount = left.length > 0 ? index((p) => (assigned.has(p.id) ? null : `${p.currency}|${p.amount}`)) : new Map<string, string[]>()
  for (const order of left) {
    if (byOrder.has(order.id)) continue
    const at = Date.parse(order.orderedAt)
    const candidates = (byAmount.get(`${order.currency}|${order.amount}`) ?? [])
      .map((id) => paymentById.get(id)!)
      .filter((p) => !assigned.has(p.id) && !unlinked.has(`${order.id}|${p.id}`) && Math.abs(Date.parse(p.createdAt) - at) <= window)
      .sort((a, b) => Number(counts(b)) - Number(counts(a)) || Math.abs(Date.parse(a.createdAt) - at) - Math.abs(Date.parse(b.createdAt) - at))
    if (candidates[0]) take(order, [candidates[0].id], 'amount_and_time')
  }

  const perReference = new Map<string, number>()
  for (const order of orders) perReference.set(order.reference, (perReference.get(order.reference) ?? 0) + 1)
  const lines: Line[] = orders.map((order) => orderLine(order, byOrder.get(order.id), paymentById, perReference.get(order.reference)! > 1))
  for (const p of payments) {
    if (assigned.has(p.id) || !counts(p)) continue
    lines.push({ key: `p:${p.id}`, state: 'payment_without_order', rule: null, orderIds: [], paymentIds: [p.id], payoutIds: [], currency: p.currency, expected: null, actual: received(p), difference: received(p) })
  }
  for (const c of payoutCaptures) {
    const p = paymentById.get(c.paymentId)
    if (p && p.captured > 0) continue
    lines.push({ key: `x:${c.payoutId}:${c.paymentId}`, state: 'payout_without_capture', rule: null, orderIds: [], paymentIds: [c.paymentId], payoutIds: [c.payoutId], currency: c.currency, expected: null, actual: c.amount, difference: c.amount })
  }
  return lines
}

function orderLine(order: MatchOrder, match: { ids: string[]; rule: MatchRule } | undefined, paymentById: Map<string, MatchPayment>, sharesReference: boolean): Line {
  const paid = (match?.ids ?? []).map((id) => paymentById.get(id)!)
  const line = (state: LineState, actual: number | null, difference: number): Line => ({
    key: `o:${order.id}`,
    state,
    rule: match?.rule ?? null,
    orderIds: [order.id],
    paymentIds: paid.map((p) => p.id),
    payoutIds: [],
    currency: order.currency,
    expected: order.amount,
    actual,
    difference,
  })
  if (paid.length === 0) return line(sharesReference ? 'duplicate_order' : 'order_without_payment', null, -order.amount)
  const approved = paid.filter((p) => p.approved === 1)
  if (approved.length === 0) return line('declined_for_paid_order', 0, -order.amount)
  if (approved.some((p) => p.currency !== order.currency)) {
    const other = new Map<string, number>()
    for (const p of approved) if (p.currency !== order.currency) other.set(p.currency, (other.get(p.currency) ?? 0) + received(p))
    const same = approved.filter((p) => p.currency === order.currency).reduce((s, p) => s + received(p), 0)
    return { ...line('currency_mismatch', same, same - order.amount), paidInOther: [...other].map(([currency, amount]) => ({ currency, amount })) }
  }
  const live = approved.filter((p) => !NO_MONEY.has(p.status))
  if (live.length === 0) return line(approved.some((p) => p.status === 'Voided') ? 'voided' : 'authorisation_expired', 0, -order.amount)
  const authorised = live.reduce((s, p) => s + p.amount, 0)
  const got = live.reduce((s, p) => s + received(p), 0)
  if (live.length > 1 && live.filter((p) => p.amount === order.amount).length > 1) return line('two_payments_for_one_order', got, got - order.amount)
  if (authorised !== order.amount) return line('amount_mismatch', authorised, authorised - order.amount)
  const captured = live.reduce((s, p) => s + p.captured, 0)
  const refunded = live.reduce((s, p) => s + p.refunded, 0)
  if (captured === 0) return line('authorised_not_captured', 0, -order.amount)
  // A refund the shop's order also records (refunded, cancelled, returned) is expected, not a difference.
  if (refunded > 0 && !REFUNDED_ORDER.test(order.status ?? '')) return line(refunded >= captured ? 'refunded' : 'partly_refunded', got, got - order.amount)
  if (captured < authorised) return line('partly_captured', got, got - order.amount)
  if (live.some((p) => p.captured > 0 && !p.paidOut)) return line('captured_not_paid_out', got, 0)
  return line('matched', got, 0)
}
