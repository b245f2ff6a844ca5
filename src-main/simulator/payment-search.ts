import { z } from 'zod'
import { lowerBound } from './payment-order'
import { paymentDetails } from './payment-views'
import { getPayment } from './payments'
import { invalid } from './sim-error'
import type { SimContext } from './sim-context'
import type { StoredPayment } from './state'

// POST /payments/search (Payment Search API, beta): `{query, limit 1-1000 (default 10), from, to}`,
// newest first, the next page behind an opaque `_links.next.href`. The query language is a
// documented subset (README): `field:value` clauses joined by AND, values bare or in quotes.
// Items are shaped like GET /payments/{id}, with every action summarised (as the official SDK's
// search test shows), so a client needs no /actions call per payment.

export const SearchRequest = z
  .strictObject({
    query: z.string().max(1024).optional(),
    limit: z.number().int().min(1).max(1000).default(10),
    from: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date').optional(),
    to: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date').optional(),
  })
  .refine((r) => (r.from === undefined) === (r.to === undefined), { message: 'from and to come together', path: ['from'] })
export type SearchRequest = z.output<typeof SearchRequest>

type Matcher = (payment: StoredPayment, ctx: SimContext) => boolean
const lower = (s: string | undefined) => (s ?? '').toLowerCase()

/** The searchable fields: each compares one value, case-insensitively where the API's tokens are. */
const FIELDS: Record<string, (value: string) => Matcher> = {
  id: (v) => (p) => p.id === v,
  reference: (v) => (p) => p.reference === v,
  status: (v) => (p) => lower(p.status) === lower(v),
  currency: (v) => (p) => p.currency === v.toUpperCase(),
  email: (v) => (p, ctx) => lower(p.customerId ? ctx.state.customers[p.customerId]?.email : undefined) === lower(v),
  last4: (v) => (p, ctx) => (p.sourceId ? ctx.state.sources[p.sourceId]?.last4 : undefined) === v,
  bin: (v) => (p, ctx) => (p.sourceId ? ctx.state.sources[p.sourceId]?.bin : undefined) === v,
  scheme: (v) => (p, ctx) => lower(p.sourceId ? ctx.state.sources[p.sourceId]?.profile.scheme : undefined) === lower(v),
  payment_type: (v) => (p) => lower(p.payment_type) === lower(v),
}

const VALUE = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"\[\],]+`
const CLAUSE = new RegExp(String.raw`^([a-z_0-9]+):(?:\[\s*((?:${VALUE})(?:\s*,\s*(?:${VALUE}))*)\s*\]|(${VALUE}))$`, 'i')
const unquote = (text: string) => (/^['"]/.test(text) ? text.slice(1, -1) : text).replace(/\\(.)/g, '$1')

/**
 * The query's clauses as matchers; 422 `query_invalid` for anything outside the subset.
 * `field:value` matches one value, `field:[a, b]` any of them (how a sync re-reads many ids at once).
 */
export function parseSearchQuery(query: string | undefined): Matcher[] {
  const text = query?.trim() ?? ''
  if (!text) return []
  return text.split(/\s+AND\s+/i).map((clause) => {
    const match = CLAUSE.exec(clause.trim())
    const field = match?.[1]?.toLowerCase()
    const make = field ? FIELDS[field] : undefined
    if (!match || !make) throw invalid('query_invalid')
    const values = match[2] !== undefined ? [...match[2].matchAll(new RegExp(VALUE, 'g'))].map((m) => unquote(m[0])) : [unquote(match[3]!)]
    const matchers = values.map(make)
    return (payment, ctx) => matchers.some((m) => m(payment, ctx))
  })
}

/** Where the next page starts: the last item's (requested_on, id), signed by the request it continues. */
const Token = z.tuple([z.string(), z.string()])
const encodeToken = (request: string, key: string) => Buffer.from(JSON.stringify([request, key])).toString('base64url')

function decodeToken(token: string): z.infer<typeof Token> {
  try {
    const parsed = Token.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // not ours
  }
  throw invalid('pagination_token_invalid')
}

/** The request a token continues, for a next page fetched by GET (the token carries it). */
export function nextPageRequest(token: string): unknown {
  const [signature] = decodeToken(token)
  const [query, limit, from, to] = JSON.parse(signature) as [string, number, string, string]
  return { ...(query ? { query } : {}), limit, ...(from ? { from, to } : {}) }
}

/** One page of results; `token` continues an earlier search of the same request. */
export function searchPayments(ctx: SimContext, request: SearchRequest, token?: string) {
  const matchers = parseSearchQuery(request.query)
  const state = ctx.state
  const signature = JSON.stringify([request.query ?? '', request.limit, request.from ?? '', request.to ?? ''])
  // Newest first: walk the (requested_on, id)-ordered index down from the end of the range.
  let end = request.to ? lowerBound(state, `${new Date(request.to).toISOString().replace(/\.\d{3}Z$/, 'Z')}|`) : state.paymentOrder.length
  const start = request.from ? lowerBound(state, `${new Date(request.from).toISOString().replace(/\.\d{3}Z$/, 'Z')}|`) : 0
  if (token) {
    const [signed, key] = decodeToken(token)
    if (signed !== signature) throw invalid('pagination_token_invalid')
    end = Math.min(end, lowerBound(state, key))
  }
  const page: StoredPayment[] = []
  let index = end - 1
  for (; index >= start && page.length < request.limit; index--) {
    const payment = state.payments[state.paymentOrder[index]!]!
    if (matchers.every((m) => m(payment, ctx))) page.push(payment)
  }
  // More may follow if the page filled before the range was exhausted.
  const more = page.length === request.limit && index >= start
  const last = page.at(-1)
  const data = page.map((p) => searchItem(ctx, getPayment(ctx, p.id)))
  return {
    data,
    _links: {
      self: { href: `${ctx.baseUrl()}/payments/search` },
      ...(more && last ? { next: { href: `${ctx.baseUrl()}/payments/search/next?token=${encodeToken(signature, `${last.requested_on}|${last.id}`)}` } } : {}),
    },
  }
}

/** A result: the payment as GET /payments/{id} shows it, with every action summarised, newest first. */
function searchItem(ctx: SimContext, payment: StoredPayment) {
  return {
    ...paymentDetails(ctx, payment),
    actions: [...payment.actions].reverse().map((a) => ({
      id: a.id,
      type: a.type,
      processed_on: a.processed_on,
      status: a.approved ? 'Approved' : 'Declined',
      amount: a.amount,
      ...(a.auth_code ? { auth_code: a.auth_code } : {}),
      response_code: a.response_code,
      response_summary: a.response_summary,
      ...(a.reference ? { reference: a.reference } : {}),
    })),
  }
}
