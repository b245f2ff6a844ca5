import { formatMinorDecimal as formatMinor } from '../reference/minor-units'
import { lowerBound } from './payment-order'
import { invalid } from './sim-error'
import type { SimContext } from './sim-context'
import { feeLinesOf, paymentMethodOf, PREVIOUS_PLATFORM_NAMES } from './fees'
import type { StoredPayment } from './state'

// The reconciliation reports (previous-platform spec, /reporting/*): every approved action
// with its money broken down into gross and fees (fees.ts). Amounts are decimal strings in
// major units, as the spec has them.


function reportItem(ctx: SimContext, payment: StoredPayment) {
  const source = payment.sourceId ? ctx.state.sources[payment.sourceId] : undefined
  const cardType = source?.profile.card_type ?? 'Credit'
  return {
    id: payment.id,
    processing_currency: payment.currency,
    payout_currency: payment.currency,
    requested_on: payment.requested_on,
    channel_name: 'Paydesk Simulator',
    ...(payment.reference ? { reference: payment.reference } : {}),
    payment_method: paymentMethodOf(source?.profile.scheme),
    card_type: cardType.toUpperCase(),
    card_category: (source?.profile.card_category ?? 'Consumer').toUpperCase(),
    issuer_country: source?.profile.issuer_country ?? 'GB',
    merchant_country: 'GB',
    mid: 'sim-mid-0001',
    actions: payment.actions
      .filter((a) => a.approved)
      .map((a) => ({
        type: a.type,
        id: a.id,
        processed_on: a.processed_on,
        response_code: Number(a.response_code),
        response_description: a.response_summary,
        breakdown: feeLinesOf(payment, a, cardType).map((line) => ({
          type: PREVIOUS_PLATFORM_NAMES[line.kind],
          date: a.processed_on,
          processing_currency_amount: formatMinor(line.minor, payment.currency),
          payout_currency_amount: formatMinor(line.minor, payment.currency),
        })),
      })),
    _links: { payments: { href: `${ctx.baseUrl()}/payments/${payment.id}` } },
  }
}

export interface ReportQuery {
  from?: string | undefined
  to?: string | undefined
  reference?: string | undefined
  limit: number
  pagination_token?: string | undefined
}

function decodeCursor(token: string): string {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }
    if (typeof cursor.after === 'string') return cursor.after
  } catch {
    // fall through
  }
  throw invalid('pagination_token_invalid')
}

/** GET /reporting/payments: payments requested in [from, to), oldest first, by pages with a next link. */
export function paymentsReport(ctx: SimContext, query: ReportQuery) {
  const { state } = ctx
  const afterKey = query.pagination_token ? decodeCursor(query.pagination_token) : null
  const fromKey = query.from ? new Date(query.from).toISOString().replace(/\.\d{3}Z$/, 'Z') : ''
  const toTime = query.to ? Date.parse(query.to) : Infinity
  let index = afterKey ? lowerBound(state, afterKey + '\u0000') : lowerBound(state, fromKey)
  const data = []
  let lastKey: string | null = null
  let more = false
  for (; index < state.paymentOrder.length; index++) {
    const payment = state.payments[state.paymentOrder[index]!]!
    if (Date.parse(payment.requested_on) >= toTime) break
    if (Date.parse(payment.requested_on) < (query.from ? Date.parse(query.from) : -Infinity)) continue
    if (query.reference !== undefined && payment.reference !== query.reference) continue
    if (data.length === query.limit) {
      more = true
      break
    }
    data.push(reportItem(ctx, payment))
    lastKey = `${payment.requested_on}|${payment.id}`
  }
  const params = new URLSearchParams()
  if (query.from) params.set('from', query.from)
  if (query.to) params.set('to', query.to)
  if (query.reference) params.set('reference', query.reference)
  params.set('limit', String(query.limit))
  const self = `${ctx.baseUrl()}/reporting/payments?${params}`
  if (more && lastKey) params.set('pagination_token', Buffer.from(JSON.stringify({ after: lastKey })).toString('base64url'))
  return {
    count: data.length,
    data,
    _links: { self: { href: self }, ...(more ? { next: { href: `${ctx.baseUrl()}/reporting/payments?${params}` } } : {}) },
  }
}

/** GET /reporting/payments/{id}: one payment's report item. */
export function paymentReport(ctx: SimContext, id: string) {
  const payment = ctx.state.payments[id]
  if (!payment) throw invalid('payment_not_found')
  return { count: 1, data: [reportItem(ctx, payment)], _links: { self: { href: `${ctx.baseUrl()}/reporting/payments/${id}` } } }
}

const DAY = 24 * 3600 * 1000

/** GET /reporting/statements: one statement per UTC day with a payout per currency: the day's net. */
export function statementsReport(ctx: SimContext, from: string, to: string) {
  const start = Math.floor(Date.parse(from) / DAY) * DAY
  const end = Date.parse(to)
  if (!(end > start)) throw invalid('date_range_invalid')
  if (end - start > 400 * DAY) throw invalid('date_range_too_long')
  // Sum the net of every approved action by processing day and currency.
  const nets = new Map<string, Map<string, number>>()
  for (const payment of Object.values(ctx.state.payments)) {
    const cardType = (payment.sourceId && ctx.state.sources[payment.sourceId]?.profile.card_type) || 'Credit'
    for (const action of payment.actions) {
      if (!action.approved) continue
      const at = Date.parse(action.processed_on)
      if (at < start || at >= end) continue
      const day = new Date(Math.floor(at / DAY) * DAY).toISOString().slice(0, 10)
      const perCurrency = nets.get(day) ?? new Map<string, number>()
      const net = feeLinesOf(payment, action, cardType).reduce((s, l) => s + l.minor, 0)
      perCurrency.set(payment.currency, (perCurrency.get(payment.currency) ?? 0) + net)
      nets.set(day, perCurrency)
    }
  }
  const today = new Date(ctx.now()).toISOString().slice(0, 10)
  const data = [...nets.keys()].sort().map((day) => {
    const periodStart = `${day}T00:00:00Z`
    const periodEnd = `${day}T23:59:59Z`
    const id = `stm_${day.replaceAll('-', '')}`
    return {
      id,
      period_start: periodStart,
      period_end: periodEnd,
      date: periodEnd,
      payouts: [...nets.get(day)!.entries()].sort().map(([currency, net]) => ({
        currency,
        carried_forward_amount: formatMinor(0, currency),
        current_period_amount: formatMinor(net, currency),
        net_amount: formatMinor(net, currency),
        date: periodEnd,
        period_start: periodStart,
        period_end: periodEnd,
        id: `po_${day.replaceAll('-', '')}_${currency.toLowerCase()}`,
        status: day < today ? 'Paid' : 'Pending',
        payout_fee: formatMinor(0, currency),
        _links: { payments: { href: `${ctx.baseUrl()}/reporting/statements/${id}/payments/download` } },
      })),
      _links: { payments: { href: `${ctx.baseUrl()}/reporting/statements/${id}/payments/download` } },
    }
  })
  return { count: data.length, data, _links: { self: { href: `${ctx.baseUrl()}/reporting/statements?from=${from}&to=${to}` } } }
}
