import { z } from 'zod'
import { createToken, redeemToken, storeSource, tokenView } from './cards'
import { attachInstrument, createCustomer, customerView, deleteCustomer, findCustomer, instrumentView, updateCustomer } from './customers'
import { actionsView, paymentDetails } from './payment-views'
import { capturePayment, completeThreeDs, createPayment, getPayment, listPayments, refundPayment, voidPayment } from './payments'
import { nextPageRequest, SearchRequest, searchPayments } from './payment-search'
import { paymentReport, paymentsReport, statementsReport } from './reporting'
import { financialActions, getReport, listReports, reportFileContent, reportFileLocation } from './reports'
import { ActionRequest, CustomerRequest, CustomerUpdate, InstrumentRequest, InstrumentUpdate, PaymentRequest, TokenRequest, VoidRequest, errorCodesOf } from './request-schemas'
import { invalid, SimError } from './sim-error'
import type { SimContext } from './sim-context'
import { threeDsPage, threeDsDonePage } from './three-ds-page'

export type Auth = 'secret' | 'public' | 'none'

export interface RouteRequest {
  params: string[]
  query: URLSearchParams
  body: unknown
}

export interface RouteResult {
  status: number
  body?: unknown
  html?: string
  csv?: { filename: string; content: string }
  redirect?: string
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  pattern: RegExp
  auth: Auth
  /** A key scope the route needs beyond a valid secret key (403 without it). */
  scope?: 'payments:search'
  /** Served only to keys of this platform (404 to others, as an endpoint the account does not have). */
  platform?: 'current' | 'previous'
  handle(ctx: SimContext, req: RouteRequest): RouteResult
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw invalid(...errorCodesOf(result.error))
  return result.data
}

/** A path segment as sent; one that is not valid %-encoding names nothing here: 404. */
function decodedParam(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new SimError(404)
  }
}

const queryObject = (query: URLSearchParams) => Object.fromEntries(query.entries())
const IsoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')

const PaymentListQuery = z.strictObject({
  reference: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  skip: z.coerce.number().int().min(0).default(0),
})
const ReportQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  reference: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  pagination_token: z.string().max(500).optional(),
})
const StatementsQuery = z.strictObject({ from: IsoDate, to: IsoDate })
const ReportsQuery = z.strictObject({
  created_after: IsoDate.optional(),
  created_before: IsoDate.optional(),
  entity_id: z.string().regex(/^ent_\w{26}$/, 'entity_id_invalid').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  pagination_token: z.string().max(500).optional(),
})
const FinancialActionsQuery = z.strictObject({
  payment_id: z.string().regex(/^pay_\w{26}$/).optional(),
  action_id: z.string().regex(/^act_\w{26}$/).optional(),
  reference: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  pagination_token: z.string().max(500).optional(),
})

const ID = '([a-z]{3}_\\w{26})'
const route = (method: Route['method'], path: string, auth: Auth, handle: Route['handle']): Route => ({ method, pattern: new RegExp(`^${path.replaceAll('{id}', ID).replaceAll('{any}', '([^/]+)')}$`), auth, handle })

export const routes: Route[] = [
  route('POST', '/tokens', 'public', (ctx, req) => ({ status: 201, body: tokenView(createToken(ctx, parse(TokenRequest, req.body))) })),

  route('POST', '/payments', 'secret', (ctx, req) => {
    const { status, body } = createPayment(ctx, parse(PaymentRequest, req.body))
    return { status, body }
  }),
  route('GET', '/payments', 'secret', (ctx, req) => {
    const query = parse(PaymentListQuery, queryObject(req.query))
    const { total, page } = listPayments(ctx, query.reference, query.limit, query.skip)
    return { status: 200, body: { limit: query.limit, skip: query.skip, total_count: total, data: page.map((p) => paymentDetails(ctx, p)) } }
  }),
  { ...route('POST', '/payments/search', 'secret', (ctx, req) => ({ status: 200, body: searchPayments(ctx, parse(SearchRequest, req.body ?? {})) })), scope: 'payments:search' },
  // The next page: the same request again with the token of `_links.next.href` (GET or POST).
  ...(['GET', 'POST'] as const).map((method) => ({
    ...route(method, '/payments/search/next', 'secret', (ctx, req) => {
      const token = req.query.get('token')
      if (!token) throw invalid('pagination_token_required')
      return { status: 200, body: searchPayments(ctx, parse(SearchRequest, method === 'POST' ? (req.body ?? {}) : nextPageRequest(token)), token) }
    }),
    scope: 'payments:search' as const,
  })),
  route('GET', '/payments/{id}', 'secret', (ctx, req) => ({ status: 200, body: paymentDetails(ctx, getPayment(ctx, req.params[0]!)) })),
  route('GET', '/payments/{id}/actions', 'secret', (ctx, req) => {
    const payment = getPayment(ctx, req.params[0]!)
    // A payment still waiting for 3-D Secure has no action yet: the spec's list needs at least one.
    if (payment.actions.length === 0) throw new SimError(404)
    return { status: 200, body: actionsView(payment) }
  }),
  route('POST', '/payments/{id}/captures', 'secret', (ctx, req) => ({ status: 202, body: capturePayment(ctx, req.params[0]!, parse(ActionRequest, req.body ?? {})) })),
  route('POST', '/payments/{id}/refunds', 'secret', (ctx, req) => ({ status: 202, body: refundPayment(ctx, req.params[0]!, parse(ActionRequest, req.body ?? {})) })),
  route('POST', '/payments/{id}/voids', 'secret', (ctx, req) => ({ status: 202, body: voidPayment(ctx, req.params[0]!, parse(VoidRequest, req.body ?? {})) })),

  route('POST', '/customers', 'secret', (ctx, req) => ({ status: 201, body: { id: createCustomer(ctx, parse(CustomerRequest, req.body)).id } })),
  route('GET', '/customers/{any}', 'secret', (ctx, req) => {
    const customer = findCustomer(ctx, decodedParam(req.params[0]!))
    if (!customer) throw new SimError(404)
    return { status: 200, body: customerView(ctx, customer) }
  }),
  route('PATCH', '/customers/{any}', 'secret', (ctx, req) => {
    updateCustomer(ctx, decodedParam(req.params[0]!), parse(CustomerUpdate, req.body))
    return { status: 204 }
  }),
  route('DELETE', '/customers/{any}', 'secret', (ctx, req) => {
    deleteCustomer(ctx, decodedParam(req.params[0]!))
    return { status: 204 }
  }),

  route('POST', '/instruments', 'secret', (ctx, req) => {
    const input = parse(InstrumentRequest, req.body)
    const token = redeemToken(ctx, input.token)
    let customer = undefined
    if (input.customer?.id) {
      customer = ctx.state.customers[input.customer.id]
      if (!customer) throw invalid('customer_not_found')
    } else if (input.customer?.email) {
      customer = findCustomer(ctx, input.customer.email) ?? createCustomer(ctx, { email: input.customer.email, ...(input.customer.name ? { name: input.customer.name } : {}) })
    }
    const billing = input.account_holder?.billing_address
    const source = storeSource(ctx, billing ? { ...token.card, billing_address: billing } : token.card, customer?.id)
    if (customer) attachInstrument(ctx, customer, source, input.customer?.default === true)
    ctx.changed({ source: source.id, ...(customer ? { customer: customer.id } : {}) })
    return { status: 201, body: instrumentView(ctx, source) }
  }),
  route('GET', '/instruments/{id}', 'secret', (ctx, req) => {
    const source = ctx.state.sources[req.params[0]!]
    if (!source) throw new SimError(404)
    return { status: 200, body: instrumentView(ctx, source) }
  }),
  route('PATCH', '/instruments/{id}', 'secret', (ctx, req) => {
    const source = ctx.state.sources[req.params[0]!]
    if (!source) throw new SimError(404)
    const update = parse(InstrumentUpdate, req.body)
    if (update.expiry_month !== undefined) source.expiry_month = update.expiry_month
    if (update.expiry_year !== undefined) source.expiry_year = update.expiry_year
    if (update.name !== undefined) source.name = update.name
    if (update.account_holder?.billing_address) source.billing_address = update.account_holder.billing_address
    if (update.customer?.default) {
      const customer = ctx.state.customers[update.customer.id ?? source.customerId ?? '']
      if (!customer || !customer.instruments.includes(source.id)) throw invalid('customer_invalid')
      customer.defaultInstrument = source.id
    }
    ctx.changed({ source: source.id, ...(source.customerId ? { customer: source.customerId } : {}) })
    return { status: 200, body: { type: 'card', fingerprint: source.fingerprint } }
  }),
  route('DELETE', '/instruments/{id}', 'secret', (ctx, req) => {
    const source = ctx.state.sources[req.params[0]!]
    if (!source) throw new SimError(404)
    const customer = source.customerId ? ctx.state.customers[source.customerId] : undefined
    if (customer) {
      customer.instruments = customer.instruments.filter((id) => id !== source.id)
      if (customer.defaultInstrument === source.id) delete customer.defaultInstrument
    }
    delete ctx.state.sources[source.id]
    ctx.changed({ source: source.id, ...(customer ? { customer: customer.id } : {}) })
    return { status: 204 }
  }),

  ...[
    route('GET', '/reporting/payments', 'secret', (ctx, req) => ({ status: 200, body: paymentsReport(ctx, parse(ReportQuery, queryObject(req.query))) })),
    route('GET', '/reporting/payments/{id}', 'secret', (ctx, req) => ({ status: 200, body: paymentReport(ctx, req.params[0]!) })),
    route('GET', '/reporting/statements', 'secret', (ctx, req) => {
      const query = parse(StatementsQuery, queryObject(req.query))
      return { status: 200, body: statementsReport(ctx, query.from, query.to) }
    }),
  ].map((r) => ({ ...r, platform: 'previous' as const })),

  ...[
    route('GET', '/reports', 'secret', (ctx, req) => ({ status: 200, body: listReports(ctx, parse(ReportsQuery, queryObject(req.query))) })),
    route('GET', '/reports/{any}', 'secret', (ctx, req) => ({ status: 200, body: getReport(ctx, req.params[0]!) })),
    route('GET', '/reports/{any}/files/{any}', 'secret', (ctx, req) => ({ status: 302, redirect: reportFileLocation(ctx, req.params[0]!, req.params[1]!) })),
    route('GET', '/financial-actions', 'secret', (ctx, req) => ({ status: 200, body: financialActions(ctx, parse(FinancialActionsQuery, queryObject(req.query))) })),
  ].map((r) => ({ ...r, platform: 'current' as const })),
  // The signed download link a report file call redirects to: no key, as on a storage service.
  route('GET', '/__sim/files/{any}/{any}', 'none', (ctx, req) => {
    const { filename, csv } = reportFileContent(ctx, req.params[0]!, req.params[1]!, req.query)
    return { status: 200, csv: { filename, content: csv } }
  }),

  // The cardholder's 3-D Secure page: reached from _links.redirect, no key (as on the real ACS).
  route('GET', '/__sim/3ds/{id}', 'none', (ctx, req) => {
    const payment = getPayment(ctx, req.params[0]!)
    return { status: 200, html: threeDsPage(payment) }
  }),
  route('POST', '/__sim/3ds/{id}/{any}', 'none', (ctx, req) => {
    const outcome = req.params[1]
    if (outcome !== 'authenticate' && outcome !== 'fail') throw new SimError(404)
    const payment = completeThreeDs(ctx, req.params[0]!, outcome === 'authenticate')
    const target = payment.approved ? payment.success_url : payment.failure_url
    if (target) return { status: 303, redirect: `${target}${target.includes('?') ? '&' : '?'}cko-payment-id=${payment.id}` }
    return { status: 200, html: threeDsDonePage(payment) }
  }),
]

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | 'method_not_allowed' | null {
  let pathMatched = false
  for (const candidate of routes) {
    const match = candidate.pattern.exec(path)
    if (!match) continue
    pathMatched = true
    if (candidate.method === method) return { route: candidate, params: match.slice(1) }
  }
  return pathMatched ? 'method_not_allowed' : null
}

