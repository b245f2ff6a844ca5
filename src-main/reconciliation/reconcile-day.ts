import { sql, type Kysely } from 'kysely'
import { microToMinor } from '../checkout/decimal-amount'
import { formatMinorDecimal } from '../reference/minor-units'
import { daysRange } from '../reference/time-zone'
import type { PaymentsDatabase } from '../store/payments-database'
import { storedInstant } from '../store/payment-records'
import { AppError } from '../contract/errors'
import type { CurrencySummary, DayReconciliation, PayoutCheck, ReconciledLine } from './contract'
import { DEFAULT_RULES, PENDING_STATES, reconcile, type MatchPayment, type MatchRules } from './matching'

// A day in the chosen time zone, reconciled: its orders and payments through the engine, the
// hand-made links and explanations applied, and the day's money per currency. Read from the
// store each time (a re-import or a re-sync changes the answer; what was done by hand stays).

const CHUNK = 900

export async function reconcileDay(db: Kysely<PaymentsDatabase>, day: string, chosenZone: string, rules: MatchRules = DEFAULT_RULES): Promise<DayReconciliation> {
  const record = await db.selectFrom('recon_days').selectAll().where('day', '=', day).executeTakeFirst()
  // A closed day stays the day it was closed: cut in the zone it was closed in.
  const zone = record?.state === 'closed' ? record.time_zone : chosenZone
  const { from, to } = daysRange(day, day, zone)
  const windowMs = rules.windowMinutes * 60_000
  // Bounds as stored times: the day, and the day widened by the amount-and-time window.
  const [dayFrom, dayTo] = [storedInstant(Date.parse(from)), storedInstant(Date.parse(to))]
  const [nearFrom, nearTo] = [storedInstant(Date.parse(from) - windowMs), storedInstant(Date.parse(to) + windowMs)]
  const orders = await db.selectFrom('orders').select(['id', 'reference', 'amount', 'currency', 'ordered_at', 'status']).where('ordered_at', '>=', from).where('ordered_at', '<', to).orderBy('ordered_at').execute()

  // The day's payments (and a window either side for the amount-and-time rule), and any payment
  // whose reference is one of the day's orders', whenever it was made.
  const paymentColumns = ['id', 'reference', 'amount', 'currency', 'created_at', 'approved', 'status', 'captured_amount', 'refunded_amount'] as const
  const near = await db
    .selectFrom('payments')
    .select(paymentColumns)
    .where('created_at', '>=', nearFrom)
    .where('created_at', '<', nearTo)
    .execute()
  const byId = new Map(near.map((p) => [p.id, p]))
  // Only references the window did not bring (an order paid days before or after).
  const known = new Set(near.map((p) => p.reference))
  const references = [...new Set(orders.map((o) => o.reference))].filter((r) => !known.has(r))
  for (let i = 0; i < references.length; i += CHUNK) {
    for (const p of await db.selectFrom('payments').select(paymentColumns).where('reference', 'in', references.slice(i, i + CHUNK)).execute()) byId.set(p.id, p)
  }
  // Approved captures without a payout yet: one query over the window, then the few payments
  // found by reference outside it.
  const unpaidQuery = () =>
    db
      .selectFrom('payment_actions as a')
      .innerJoin('payments as p', 'p.id', 'a.payment_id')
      .select('a.payment_id')
      .where('a.type', '=', 'Capture')
      .where('a.approved', '=', 1)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('fee_lines as f').select('f.action_id').whereRef('f.action_id', '=', 'a.id').where('f.payout_id', 'is not', null))))
  const unpaid = new Set((await unpaidQuery().where('p.created_at', '>=', nearFrom).where('p.created_at', '<', nearTo).execute()).map((r) => r.payment_id))
  const outside = [...byId.values()].filter((p) => p.created_at < nearFrom || p.created_at >= nearTo).map((p) => p.id)
  for (let i = 0; i < outside.length; i += CHUNK) for (const r of await unpaidQuery().where('p.id', 'in', outside.slice(i, i + CHUNK)).execute()) unpaid.add(r.payment_id)
  const payments: MatchPayment[] = [...byId.values()].map((p) => ({ id: p.id, reference: p.reference, amount: p.amount, currency: p.currency, createdAt: p.created_at, approved: p.approved, status: p.status, captured: p.captured_amount, refunded: p.refunded_amount, paidOut: !unpaid.has(p.id) }))

  const payoutCaptures = await db
    .selectFrom('fee_lines as f')
    .leftJoin('payments as p', 'p.id', 'f.payment_id')
    .select(['f.payment_id', 'f.payout_id', 'f.processing_currency', 'f.processing_micro'])
    .where('f.action_type', '=', 'Capture')
    .where('f.breakdown_type', '=', 'Gross')
    .where('f.payout_id', 'is not', null)
    .where('f.processed_at', '>=', from)
    .where('f.processed_at', '<', to)
    .where((eb) => eb.or([eb('p.id', 'is', null), eb('p.captured_amount', '=', 0)]))
    .execute()

  const manual = { links: [] as { orderId: string; paymentId: string }[], unlinks: [] as { orderId: string; paymentId: string }[] }
  const links = await db.selectFrom('recon_links as l').innerJoin('orders as o', 'o.id', 'l.order_id').select(['l.order_id', 'l.payment_id', 'l.kind']).where('o.ordered_at', '>=', from).where('o.ordered_at', '<', to).execute()
  for (const l of links) manual[l.kind === 'link' ? 'links' : 'unlinks'].push({ orderId: String(l.order_id), paymentId: l.payment_id })

  const inDay = (iso: string) => iso >= dayFrom && iso < dayTo
  const engine = reconcile(
    orders.map((o) => ({ id: String(o.id), reference: o.reference, amount: o.amount, currency: o.currency, orderedAt: o.ordered_at, status: o.status })),
    payments,
    rules,
    manual,
    payoutCaptures.map((c) => ({ paymentId: c.payment_id, payoutId: c.payout_id!, currency: c.processing_currency, amount: microToMinor(c.processing_micro) })),
  ).filter((l) => l.state !== 'payment_without_order' || inDay(byId.get(l.paymentIds[0]!)!.created_at))

  const referenceOf = new Map(orders.map((o) => [String(o.id), o.reference]))
  const explanations = new Map((await db.selectFrom('recon_explanations').selectAll().where('day', '=', day).execute()).map((e) => [e.line_key, { note: e.note, by: e.by, at: e.at }]))
  // The engine's lines are its own: completed in place, not copied (a day may have 100,000).
  const all = engine as ReconciledLine[]
  for (const l of all) {
    l.explanation = explanations.get(l.key) ?? null
    l.reference = l.orderIds[0] ? (referenceOf.get(l.orderIds[0]) ?? null) : (byId.get(l.paymentIds[0] ?? '')?.reference ?? null)
  }
  // What needs a person first: unexplained differences, largest first; then the explained ones
  // and money on its way; then the matched, in the engine's order.
  const byDifference = (x: ReconciledLine, y: ReconciledLine) => Math.abs(y.difference) - Math.abs(x.difference) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)
  const lines = [
    ...all.filter(needsExplaining).sort(byDifference),
    ...all.filter((l) => l.state !== 'matched' && !needsExplaining(l)).sort(byDifference),
    ...all.filter((l) => l.state === 'matched'),
  ]
  const counts: Record<string, number> = {}
  for (const l of lines) counts[l.state] = (counts[l.state] ?? 0) + 1

  const dayPayments = payments.filter((p) => inDay(p.createdAt))
  const summary = await summarise(db, orders, dayPayments, lines, dayFrom, dayTo)
  const payouts = await payoutChecks(db, { from: dayFrom, to: dayTo })
  const history = (await db.selectFrom('recon_day_events').select(['action', 'by', 'why', 'at']).where('day', '=', day).orderBy('id').execute())
  const balanced = summary.every((s) => s.unexplained === 0) && lines.every((l) => l.state === 'matched' || PENDING_STATES.has(l.state) || l.explanation)
  return {
    day,
    timeZone: zone,
    from,
    to,
    state: record?.state === 'closed' ? 'closed' : balanced ? 'balanced' : 'open',
    closed: record?.state === 'closed' ? closedWith(record, summary) : null,
    history,
    summary,
    lines,
    counts,
    payouts,
  }
}

/** A line still to explain: a difference, not matched, not money on its way, not explained. */
export const needsExplaining = (l: ReconciledLine) => l.state !== 'matched' && !PENDING_STATES.has(l.state) && !l.explanation

async function summarise(db: Kysely<PaymentsDatabase>, orders: { amount: number; currency: string }[], payments: MatchPayment[], lines: ReconciledLine[], dayFrom: string, dayTo: string): Promise<CurrencySummary[]> {
  const currencies = [...new Set([...orders.map((o) => o.currency), ...payments.map((p) => p.currency), ...lines.map((l) => l.currency)])].sort()
  const fees = new Map<string, Map<string, number>>() // currency -> type -> micro
  const paidOut = new Map<string, number>()
  // The fee lines of the day's payments, by currency and type, in one query.
  const rows = await db
    .selectFrom('fee_lines as f')
    .innerJoin('payments as p', 'p.id', 'f.payment_id')
    .select(['f.processing_currency', 'f.breakdown_type', sql<number>`sum(f.processing_micro)`.as('micro'), sql<number>`sum(case when f.payout_id is not null then f.processing_micro else 0 end)`.as('paid')])
    .where('p.created_at', '>=', dayFrom)
    .where('p.created_at', '<', dayTo)
    .groupBy(['f.processing_currency', 'f.breakdown_type'])
    .execute()
  for (const r of rows) {
    if (r.breakdown_type !== 'Gross') {
      const byType = fees.get(r.processing_currency) ?? new Map<string, number>()
      byType.set(r.breakdown_type, (byType.get(r.breakdown_type) ?? 0) + r.micro)
      fees.set(r.processing_currency, byType)
    }
    paidOut.set(r.processing_currency, (paidOut.get(r.processing_currency) ?? 0) + r.paid)
  }
  // One pass over payments, orders and lines, summed by currency.
  const sums = new Map(currencies.map((c) => [c, { orders: 0, ordersTotal: 0, authorised: 0, captured: 0, refunded: 0, unexplained: 0 }]))
  for (const o of orders) {
    const s = sums.get(o.currency)!
    s.orders++
    s.ordersTotal += o.amount
  }
  for (const p of payments) {
    if (p.approved !== 1) continue
    const s = sums.get(p.currency)!
    s.authorised += p.amount
    s.captured += p.captured
    s.refunded += p.refunded
  }
  for (const l of lines) if (needsExplaining(l)) sums.get(l.currency)!.unexplained += l.difference
  return currencies.map((currency) => {
    const s = sums.get(currency)!
    const feeTypes = [...(fees.get(currency) ?? new Map<string, number>())].map(([type, micro]) => ({ type, amount: -microToMinor(micro) })).sort((a, b) => a.type.localeCompare(b.type))
    const feeTotal = feeTypes.reduce((t, f) => t + f.amount, 0)
    return { currency, ...s, fees: feeTypes, net: s.captured - s.refunded - feeTotal, paidOut: microToMinor(paidOut.get(currency) ?? 0) }
  })
}

/** Each payout that carried the day's payments: its amount against what its lines add up to. */
async function payoutChecks(db: Kysely<PaymentsDatabase>, day: { from: string; to: string } | null, known: string[] = []): Promise<PayoutCheck[]> {
  const payoutIds = new Set<string>(known)
  if (day) {
    const rows = await db.selectFrom('fee_lines as f').innerJoin('payments as p', 'p.id', 'f.payment_id').select('f.payout_id').distinct().where('p.created_at', '>=', day.from).where('p.created_at', '<', day.to).where('f.payout_id', 'is not', null).execute()
    for (const r of rows) payoutIds.add(r.payout_id!)
  }
  if (payoutIds.size === 0) return []
  const rows = await db
    .selectFrom('payouts as o')
    .leftJoin('fee_lines as f', 'f.payout_id', 'o.id')
    .select(['o.id', 'o.holding_currency', 'o.payout_date', 'o.amount', sql<number>`coalesce(sum(f.holding_micro), 0)`.as('micro')])
    .where('o.id', 'in', [...payoutIds])
    .groupBy(['o.id', 'o.holding_currency', 'o.payout_date', 'o.amount'])
    .orderBy('o.payout_date')
    .execute()
  return rows.map((r) => {
    const lines = microToMinor(r.micro)
    return { id: r.id, currency: r.holding_currency, payoutDate: r.payout_date, amount: r.amount, lines, difference: r.amount - lines }
  })
}

/** A payout and its actions, each with its gross, fees and net in the holding currency. */
export async function payoutDetail(db: Kysely<PaymentsDatabase>, id: string) {
  const [payout] = await payoutChecks(db, null, [id])
  if (!payout) throw new AppError('not_found', `There is no payout ${id} on this computer: sync its reports first.`)
  const rows = await db
    .selectFrom('fee_lines')
    .select(['action_id', 'payment_id', 'action_type', sql<number>`sum(case when breakdown_type = 'Gross' then holding_micro else 0 end)`.as('gross'), sql<number>`sum(case when breakdown_type <> 'Gross' then holding_micro else 0 end)`.as('fees')])
    .where('payout_id', '=', id)
    .groupBy(['action_id', 'payment_id', 'action_type'])
    .orderBy('payment_id')
    .execute()
  return {
    payout,
    actions: rows.map((r) => ({ actionId: r.action_id, paymentId: r.payment_id, actionType: r.action_type, gross: microToMinor(r.gross), fees: -microToMinor(r.fees), net: microToMinor(r.gross + r.fees) })),
  }
}

/** The totals a day was closed with, and what differs from them now. */
function closedWith(record: { by: string | null; at: string | null; time_zone: string; summary_json: string | null }, now: CurrencySummary[]) {
  const then = record.summary_json ? (JSON.parse(record.summary_json) as CurrencySummary[]) : now
  const changes: string[] = []
  const fields = ['ordersTotal', 'authorised', 'captured', 'refunded', 'net', 'paidOut', 'unexplained'] as const
  for (const currency of new Set([...then.map((s) => s.currency), ...now.map((s) => s.currency)])) {
    const before = then.find((s) => s.currency === currency)
    const after = now.find((s) => s.currency === currency)
    for (const field of fields) {
      const [a, b] = [before?.[field] ?? 0, after?.[field] ?? 0]
      if (a !== b) changes.push(`${currency} ${field}: ${formatMinorDecimal(a, currency)} when closed, ${formatMinorDecimal(b, currency)} now`)
    }
  }
  return { by: record.by ?? 'unknown', at: record.at ?? '', timeZone: record.time_zone, summary: then, changes }
}
