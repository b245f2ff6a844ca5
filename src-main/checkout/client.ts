import { randomUUID } from 'node:crypto'
import { platformOfKey } from '../reference/key-platform'
import { CheckoutError } from './errors'
import { CheckoutHttp, type HttpClientOptions } from './http-client'
import { idempotencyKeyFor } from './idempotency'
import {
  ActionAccepted,
  CardToken,
  Customer,
  CustomerCreated,
  FinancialActionList,
  Instrument,
  PaymentActions,
  PaymentDetails,
  PaymentList,
  PaymentPending,
  PaymentProcessed,
  ReportList,
  ReportPage,
  SearchPage,
  Statements,
} from './schemas'

// The Checkout.com API as Paydesk uses it: one method per operation, each response parsed by
// its schema. POSTs take the id of the user action they serve (see idempotency.ts).

export interface ActionBody {
  amount?: number
  reference?: string
  metadata?: Record<string, string | number | boolean>
}

export interface CreatePaymentBody {
  source: Record<string, unknown> & { type: 'token' | 'id' | 'customer' | 'card' }
  amount: number
  currency: string
  reference?: string
  description?: string
  capture?: boolean
  payment_type?: 'Regular' | 'Recurring' | 'MOTO'
  customer?: { id?: string; email?: string; name?: string }
  metadata?: Record<string, string | number | boolean>
  processing_channel_id?: string
  '3ds'?: { enabled: boolean }
}

/** The phone payment's request body exactly as stored and sent (moto/), card data never in it. */
export type MotoPaymentBody = CreatePaymentBody

const enc = encodeURIComponent

export { platformOfKey }

export class CheckoutClient {
  readonly http: CheckoutHttp
  readonly platform: 'current' | 'previous'

  constructor(options: HttpClientOptions) {
    this.http = new CheckoutHttp(options)
    this.platform = platformOfKey(options.secretKey)
  }

  /** POST /payments; pass `idempotencyKey` to send a stored request again under its first key. */
  async createPayment(actionId: string, body: CreatePaymentBody, signal?: AbortSignal, idempotencyKey = idempotencyKeyFor(actionId, 'payment', body)) {
    // 201 (decided) and 202 (pending) have different shapes; parse as either.
    const answer = await this.http.send({ method: 'POST', path: '/payments', what: 'the payment request', body, idempotencyKey, schema: PaymentProcessed.or(PaymentPending), signal })
    return answer
  }

  getPayment(id: string, signal?: AbortSignal) {
    return this.http.send({ method: 'GET', path: `/payments/${enc(id)}`, what: `payment ${id}`, schema: PaymentDetails, signal })
  }

  getPaymentActions(id: string, signal?: AbortSignal) {
    return this.http.send({ method: 'GET', path: `/payments/${enc(id)}/actions`, what: `the actions of ${id}`, schema: PaymentActions, signal })
  }

  listPaymentsByReference(reference: string, limit = 100, skip = 0, signal?: AbortSignal) {
    return this.http.send({ method: 'GET', path: `/payments?reference=${enc(reference)}&limit=${limit}&skip=${skip}`, what: `payments with reference ${reference}`, schema: PaymentList, signal })
  }

  capture(actionId: string, paymentId: string, body: ActionBody = {}) {
    return this.http.send({ method: 'POST', path: `/payments/${enc(paymentId)}/captures`, what: `the capture of ${paymentId}`, body, idempotencyKey: idempotencyKeyFor(actionId, `capture ${paymentId}`, body), schema: ActionAccepted })
  }

  refund(actionId: string, paymentId: string, body: ActionBody = {}) {
    return this.http.send({ method: 'POST', path: `/payments/${enc(paymentId)}/refunds`, what: `the refund of ${paymentId}`, body, idempotencyKey: idempotencyKeyFor(actionId, `refund ${paymentId}`, body), schema: ActionAccepted })
  }

  void(actionId: string, paymentId: string, body: Omit<ActionBody, 'amount'> = {}) {
    return this.http.send({ method: 'POST', path: `/payments/${enc(paymentId)}/voids`, what: `the void of ${paymentId}`, body, idempotencyKey: idempotencyKeyFor(actionId, `void ${paymentId}`, body), schema: ActionAccepted })
  }

  /** Client-side tokenisation with the public key (the main process does it for phone orders). */
  createCardToken(actionId: string, card: { number: string; expiry_month: number; expiry_year: number; cvv?: string; name?: string }) {
    return this.http.send({ method: 'POST', path: '/tokens', what: 'the card', auth: 'public', body: { type: 'card', ...card }, idempotencyKey: idempotencyKeyFor(actionId, 'token', { last4: card.number.slice(-4) }), schema: CardToken })
  }

  getCustomer(idOrEmail: string, signal?: AbortSignal) {
    return this.http.send({ method: 'GET', path: `/customers/${enc(idOrEmail)}`, what: `customer ${idOrEmail}`, schema: Customer, signal })
  }

  createCustomer(actionId: string, body: { email: string; name?: string; phone?: { country_code?: string; number: string } }) {
    return this.http.send({ method: 'POST', path: '/customers', what: 'the new customer', body, idempotencyKey: idempotencyKeyFor(actionId, 'customer', body), schema: CustomerCreated })
  }

  /** PATCH /customers/{id}: here, which saved card is the default. */
  updateCustomer(id: string, body: { default?: string }) {
    return this.http.send({ method: 'PATCH', path: `/customers/${enc(id)}`, what: `customer ${id}`, body, schema: null })
  }

  /** Saves a tokenised card on a customer (POST /instruments). */
  createInstrument(actionId: string, body: { type: 'token'; token: string; customer: { id: string; default?: boolean } }) {
    return this.http.send({ method: 'POST', path: '/instruments', what: 'the new saved card', body, idempotencyKey: idempotencyKeyFor(actionId, 'instrument', body), schema: Instrument })
  }

  deleteInstrument(id: string) {
    return this.http.send({ method: 'DELETE', path: `/instruments/${enc(id)}`, what: `saved card ${id}`, schema: null })
  }

  getInstrument(id: string, signal?: AbortSignal) {
    return this.http.send({ method: 'GET', path: `/instruments/${enc(id)}`, what: `instrument ${id}`, schema: Instrument, signal })
  }

  /**
   * One page of POST /payments/search (declines included), newest first. Pass the previous
   * page's next link with the same request to continue. A read, so a fresh idempotency key per
   * call lets it be retried without replaying an older answer on a later sync.
   */
  async searchPayments(request: { query?: string; limit: number; from: string; to: string }, next?: string, signal?: AbortSignal) {
    const path = next ? pathOf(next, this.http.baseUrl) : '/payments/search'
    try {
      return await this.http.send({ method: 'POST', path, what: 'the payment search', body: request, idempotencyKey: idempotencyKeyFor(randomUUID(), 'search', request), schema: SearchPage, signal, priority: 'background', retry: 'background' })
    } catch (error) {
      if (error instanceof CheckoutError && error.code === 'forbidden') {
        throw new CheckoutError('forbidden', 'The secret key lacks the payments:search scope, which Paydesk needs to list payments. In the Checkout.com Dashboard (Developers > Keys), add that scope to the key or create a key with it, then save it in Settings.', error.details)
      }
      throw error
    }
  }

  /** One page of the reconciliation report; pass the previous page's next link to continue. */
  reportPage(query: { from: string; to: string; limit?: number } | { next: string }, signal?: AbortSignal) {
    const path = 'next' in query ? pathOf(query.next, this.http.baseUrl) : `/reporting/payments?from=${enc(query.from)}&to=${enc(query.to)}&limit=${query.limit ?? 200}`
    return this.http.send({ method: 'GET', path, what: 'the payments report', schema: ReportPage, signal, retry: 'background' })
  }

  /** One page of GET /reports (scheduled report files), oldest first from `createdAfter`; pass the previous page's next link to continue. */
  listReports(query: { createdAfter?: string; limit?: number } | { next: string }, signal?: AbortSignal) {
    const path = 'next' in query ? pathOf(query.next, this.http.baseUrl) : `/reports?limit=${query.limit ?? 100}${query.createdAfter ? `&created_after=${enc(query.createdAfter)}` : ''}`
    return this.http.send({ method: 'GET', path, what: 'the list of reports', schema: ReportList, signal, retry: 'background' })
  }

  /** A report file's CSV, as a stream: the API answers with a short-lived link to it (302), fetched without the key. */
  async reportFile(reportId: string, fileId: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    const what = `report file ${fileId}`
    const location = (await this.http.send({ method: 'GET', path: `/reports/${enc(reportId)}/files/${enc(fileId)}`, what, schema: null, signal, want: 'location', retry: 'background' })) as unknown as string
    return this.http.download(new URL(location, this.http.baseUrl).href, what, signal)
  }

  /** One page of a payment's balance-affecting actions with their fee lines (GET /financial-actions). */
  financialActions(paymentId: string, next?: string, signal?: AbortSignal) {
    const path = next ? pathOf(next, this.http.baseUrl) : `/financial-actions?payment_id=${enc(paymentId)}&limit=100`
    return this.http.send({ method: 'GET', path, what: `the fees of ${paymentId}`, schema: FinancialActionList, signal })
  }

  statements(from: string, to: string, signal?: AbortSignal) {
    return this.http.send({ method: 'GET', path: `/reporting/statements?from=${enc(from)}&to=${enc(to)}`, what: 'the statements report', schema: Statements, signal })
  }

  close(): Promise<void> {
    return this.http.close()
  }
}

/** A next link is absolute; only its path and query go to our pool, whose host is fixed. */
function pathOf(href: string, baseUrl: string): string {
  const url = new URL(href, baseUrl)
  // The key goes only to the configured host, whatever a response links to.
  if (url.origin !== new URL(baseUrl).origin) throw new CheckoutError('invalid_response', `Checkout.com's next page link points to another host (${url.origin}); refusing to follow it.`)
  return url.pathname + url.search
}
