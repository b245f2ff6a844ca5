import { responseSummary } from './card-catalog'
import { redeemToken, storeSource, vaultCard } from './cards'
import { attachInstrument, resolvePaymentCustomer } from './customers'
import { insertInOrder, paymentsWithReference } from './payment-order'
import { balancesOf, paymentResponse, pendingResponse } from './payment-views'
import { digits, makeId } from './random'
import { threeDecimalAmountOk, type PaymentRequest } from './request-schemas'
import { avsCheckFor, cvvCheckFor, isApproved, isRiskFlagged, responseCodeFor } from './sandbox-rules'
import { invalid, SimError } from './sim-error'
import { iso, type SimContext } from './sim-context'
import type { StoredAction, StoredCard, StoredCustomer, StoredPayment } from './state'


const AUTHORIZATION_LIFETIME_MS = 7 * 24 * 3600 * 1000
/** A 3-D Secure payment the cardholder never finishes is canceled after this long (simulator rule). */
export const PENDING_LIFETIME_MS = 60 * 60 * 1000

interface ResolvedSource {
  source: StoredCard
  cvvCheck?: string | undefined
  customer?: StoredCustomer | undefined
}

function resolveSource(ctx: SimContext, request: PaymentRequest): ResolvedSource {
  const src = request.source
  switch (src.type) {
    case 'token': {
      const token = redeemToken(ctx, src.token)
      const card = src.billing_address ? { ...token.card, billing_address: src.billing_address } : token.card
      return { source: { id: '', ...card }, cvvCheck: token.cvvCheck }
    }
    case 'card': {
      const vaulted = vaultCard(ctx, src)
      return { source: { id: '', ...vaulted.card }, cvvCheck: vaulted.cvvCheck }
    }
    case 'id': {
      const source = ctx.state.sources[src.id]
      if (!source) throw invalid('source_id_invalid')
      return { source, cvvCheck: cvvCheckFor(source.profile, src.cvv, true) }
    }
    case 'customer': {
      const customer = ctx.state.customers[src.id]
      if (!customer) throw invalid('customer_not_found')
      const source = customer.defaultInstrument ? ctx.state.sources[customer.defaultInstrument] : undefined
      if (!source) throw invalid('customer_source_not_found')
      return { source, customer }
    }
  }
}

function newAction(ctx: SimContext, type: StoredAction['type'], amount: number, code: string, at: number, extra: Partial<StoredAction> = {}): StoredAction {
  return { id: makeId(ctx.random, 'act'), type, processed_on: iso(at), amount, approved: isApproved(code), response_code: code, response_summary: responseSummary(code), ...extra }
}

/** Decides the authorisation and records it (and the automatic capture) on the payment. */
function authorize(ctx: SimContext, payment: StoredPayment, source: StoredCard, at: number, threeDs: boolean, riskEnabled: boolean): void {
  const attemptKey = `${source.fingerprint}:${payment.amount}:${payment.currency}`
  const earlierAttempts = ctx.state.attempts[attemptKey] ?? 0
  ctx.state.attempts[attemptKey] = earlierAttempts + 1
  ctx.changed({ attempt: attemptKey })
  const customer = payment.customerId ? ctx.state.customers[payment.customerId] : undefined
  const code = responseCodeFor({ amount: payment.amount, currency: payment.currency, card: source.profile, threeDs, earlierAttempts })
  const approved = isApproved(code)
  payment.approved = approved
  payment.response_code = code
  payment.risk_flagged = code === '40101' || (riskEnabled && approved && isRiskFlagged(customer?.email))
  payment.retrieval_reference_number = digits(ctx.random, 12)
  payment.acquirer_transaction_id = digits(ctx.random, 21)
  if (!approved) {
    payment.status = 'Declined'
    payment.actions.push(newAction(ctx, 'Authorization', payment.amount, code, at))
    return
  }
  payment.auth_code = digits(ctx.random, 6)
  payment.scheme_id = digits(ctx.random, 15)
  payment.eci = threeDs ? '05' : '07'
  if (payment.amount === 0) {
    payment.status = 'Card Verified'
    payment.actions.push(newAction(ctx, 'Card Verification', 0, code, at, { auth_code: payment.auth_code }))
    return
  }
  payment.actions.push(newAction(ctx, 'Authorization', payment.amount, code, at, { auth_code: payment.auth_code }))
  payment.status = 'Authorized'
  // The automatic capture comes after the answer, as on the live API: the payment answers
  // Authorized (with capture and void links) and is captured at capture_on or shortly after.
  if (payment.capture) ctx.state.autoCaptures[payment.id] = payment.capture_on ? Math.max(at, Date.parse(payment.capture_on)) : at + ctx.autoCaptureDelayMs
  else payment.expires_on = iso(at + AUTHORIZATION_LIFETIME_MS)
}

/** Makes the automatic captures that are due by `now` (called before every request is handled). */
export function applyDueCaptures(ctx: SimContext, now = ctx.now()): void {
  const due = ctx.state.autoCaptures
  for (const id in due) {
    const at = due[id]!
    if (at > now) continue
    delete due[id]
    const payment = ctx.state.payments[id]
    // Voided, captured by hand or expired in the meantime: nothing left to capture automatically.
    if (!payment || payment.status !== 'Authorized') continue
    const amount = balancesOf(payment).available_to_capture
    if (amount <= 0) continue
    payment.actions.push(newAction(ctx, 'Capture', amount, '10000', at))
    payment.status = 'Captured'
    delete payment.expires_on
    ctx.changed({ payment: payment.id })
  }
}

export function createPayment(ctx: SimContext, request: PaymentRequest, at = ctx.now()): { status: 201 | 202; body: unknown; payment: StoredPayment } {
  const resolved = resolveSource(ctx, request)
  const customer = resolved.customer ?? resolvePaymentCustomer(ctx, request.customer)
  let source = resolved.source
  // A new card is saved on the customer unless the request says not to (store_for_future_use:
  // false), and only once approved: the API returns a reusable source.id for approved payments only.
  const keep = (request.source as { store_for_future_use?: boolean }).store_for_future_use !== false
  if (!source.id) source = storeSource(ctx, source, customer?.id, { attach: false })
  const keepIfApproved = () => {
    if (customer && keep && payment.approved && !customer.instruments.includes(source.id)) attachInstrument(ctx, customer, source)
  }

  const payment: StoredPayment = {
    id: makeId(ctx.random, 'pay'),
    requested_on: iso(at),
    amount: request.amount ?? 0,
    currency: request.currency,
    payment_type: request.payment_type === 'Unscheduled' ? 'Recurring' : (request.payment_type ?? 'Regular'),
    ...(request.reference ? { reference: request.reference } : {}),
    ...(request.description ? { description: request.description } : {}),
    capture: request.capture ?? true,
    ...(request.capture_on ? { capture_on: new Date(request.capture_on).toISOString() } : {}),
    status: 'Pending',
    sourceId: source.id,
    ...(customer ? { customerId: customer.id } : {}),
    risk_flagged: false,
    ...(request.metadata ? { metadata: request.metadata } : {}),
    ...(request.processing_channel_id ? { processing_channel_id: request.processing_channel_id } : {}),
    ...(request.payment_ip ? { payment_ip: request.payment_ip } : {}),
    ...(request.success_url ? { success_url: request.success_url } : {}),
    ...(request.failure_url ? { failure_url: request.failure_url } : {}),
    actions: [],
  }
  const avs = avsCheckFor(source.billing_address)
  if (avs) payment.avs_check = avs
  if (resolved.cvvCheck) payment.cvv_check = resolved.cvvCheck
  ctx.state.payments[payment.id] = payment
  insertInOrder(ctx.state, payment.id)

  const riskEnabled = request.risk?.enabled !== false
  // Authentication done elsewhere (third-party 3-D Secure: eci and cryptogram sent) is not repeated.
  const authenticatedElsewhere = Boolean(request['3ds']?.eci && request['3ds']?.cryptogram)
  const wants3ds = request['3ds']?.enabled === true && payment.amount > 0 && !authenticatedElsewhere
  if (authenticatedElsewhere) {
    payment.threeDs = { enrolled: 'Y', downgraded: false, authenticated: true }
    authorize(ctx, payment, source, at, true, riskEnabled)
    keepIfApproved()
    payment.eci = request['3ds']!.eci!
    ctx.changed({ payment: payment.id })
    return { status: 201, body: paymentResponse(ctx, payment), payment }
  }
  if (wants3ds && source.profile.enrolled3ds) {
    // The cardholder must authenticate at the redirect link before the payment is decided.
    payment.threeDs = { enrolled: 'Y', downgraded: false }
    if (customer && keep) payment.keepSourceOnApproval = true
    ctx.changed({ payment: payment.id })
    return { status: 202, body: pendingResponse(ctx, payment), payment }
  }
  if (wants3ds) {
    payment.threeDs = { enrolled: 'N', downgraded: request['3ds']?.attempt_n3d === true }
    if (!payment.threeDs.downgraded) {
      payment.approved = false
      payment.response_code = '20150'
      payment.status = 'Declined'
      payment.actions.push(newAction(ctx, 'Authorization', payment.amount, '20150', at))
      ctx.changed({ payment: payment.id })
      return { status: 201, body: paymentResponse(ctx, payment), payment }
    }
  }
  authorize(ctx, payment, source, at, false, riskEnabled)
  keepIfApproved()
  ctx.changed({ payment: payment.id })
  return { status: 201, body: paymentResponse(ctx, payment), payment }
}

/** The cardholder's answer on the 3-D Secure page. */
export function completeThreeDs(ctx: SimContext, id: string, authenticated: boolean, at = ctx.now()): StoredPayment {
  const payment = getPayment(ctx, id, at)
  if (payment.status !== 'Pending') throw new SimError(403)
  const source = ctx.state.sources[payment.sourceId!]!
  payment.threeDs = { ...payment.threeDs!, authenticated }
  if (authenticated) {
    authorize(ctx, payment, source, at, true, true)
    const customer = payment.customerId ? ctx.state.customers[payment.customerId] : undefined
    if (payment.keepSourceOnApproval && payment.approved && customer && !customer.instruments.includes(source.id)) attachInstrument(ctx, customer, source)
    delete payment.keepSourceOnApproval
  } else {
    payment.approved = false
    payment.response_code = '20154'
    payment.status = 'Declined'
    payment.actions.push(newAction(ctx, 'Authorization', payment.amount, '20154', at))
  }
  ctx.changed({ payment: payment.id })
  return payment
}

/** Time-driven states, applied when a payment is read: expired authorisations, abandoned 3-D Secure. */
function applyLifecycle(ctx: SimContext, payment: StoredPayment, now: number): void {
  if (payment.status === 'Authorized' && payment.expires_on && Date.parse(payment.expires_on) <= now) {
    payment.status = 'Expired'
    ctx.changed({ payment: payment.id })
  } else if (payment.status === 'Pending' && Date.parse(payment.requested_on) + PENDING_LIFETIME_MS <= now) {
    payment.status = 'Canceled'
    payment.approved = false
    ctx.changed({ payment: payment.id })
  }
}

export function getPayment(ctx: SimContext, id: string, at = ctx.now()): StoredPayment {
  const payment = ctx.state.payments[id]
  if (!payment) throw new SimError(404)
  applyLifecycle(ctx, payment, at)
  return payment
}

export interface ActionInput {
  amount?: number | undefined
  reference?: string | undefined
  metadata?: Record<string, unknown> | undefined
}

function actionAccepted(ctx: SimContext, payment: StoredPayment, action: StoredAction) {
  payment.actions.push(action)
  ctx.changed({ payment: payment.id })
  return { action_id: action.id, ...(action.reference ? { reference: action.reference } : {}), _links: { payment: { href: `${ctx.baseUrl()}/payments/${payment.id}` } } }
}

const extra = (input: ActionInput) => ({ ...(input.reference ? { reference: input.reference } : {}), ...(input.metadata ? { metadata: input.metadata } : {}) })

// State rules: capture only an open authorisation, up to what is left of it; void only an
// authorisation with nothing captured; refund only captured money not yet refunded.
// A request in the wrong state is refused with 403; an amount above the balance with 422.

export function capturePayment(ctx: SimContext, id: string, input: ActionInput, at = ctx.now()) {
  const payment = getPayment(ctx, id, at)
  const balances = balancesOf(payment)
  if (balances.available_to_capture <= 0) throw new SimError(403)
  const amount = input.amount ?? balances.available_to_capture
  if (!threeDecimalAmountOk(amount, payment.currency)) throw invalid('amount_invalid')
  if (amount > balances.available_to_capture) throw invalid('capture_value_greater_than_authorized')
  payment.status = amount === balances.available_to_capture ? 'Captured' : 'Partially Captured'
  delete payment.expires_on
  return actionAccepted(ctx, payment, newAction(ctx, 'Capture', amount, '10000', at, extra(input)))
}

export function voidPayment(ctx: SimContext, id: string, input: ActionInput, at = ctx.now()) {
  const payment = getPayment(ctx, id, at)
  const balances = balancesOf(payment)
  if (balances.available_to_void <= 0) throw new SimError(403)
  payment.status = 'Voided'
  delete payment.expires_on
  return actionAccepted(ctx, payment, newAction(ctx, 'Void', balances.available_to_void, '10000', at, extra(input)))
}

export function refundPayment(ctx: SimContext, id: string, input: ActionInput, at = ctx.now()) {
  const payment = getPayment(ctx, id, at)
  const balances = balancesOf(payment)
  if (balances.available_to_refund <= 0) throw new SimError(403)
  const amount = input.amount ?? balances.available_to_refund
  if (!threeDecimalAmountOk(amount, payment.currency)) throw invalid('amount_invalid')
  if (amount > balances.available_to_refund) throw invalid('amount_exceeds_balance')
  payment.status = amount === balances.available_to_refund ? 'Refunded' : 'Partially Refunded'
  return actionAccepted(ctx, payment, newAction(ctx, 'Refund', amount, '10000', at, extra(input)))
}

/** GET /payments?reference=: newest first, with limit (1..100) and skip. */
export function listPayments(ctx: SimContext, reference: string | undefined, limit: number, skip: number) {
  const ids = reference === undefined ? ctx.state.paymentOrder : paymentsWithReference(ctx.state, reference)
  const matching: StoredPayment[] = []
  for (let i = ids.length - 1; i >= 0; i--) matching.push(ctx.state.payments[ids[i]!]!)
  // Newest first, as the order the index was built in may not be (a payment inserted back in time).
  if (reference !== undefined) matching.sort((a, b) => (a.requested_on === b.requested_on ? (a.id < b.id ? 1 : -1) : a.requested_on < b.requested_on ? 1 : -1))
  return { total: matching.length, page: matching.slice(skip, skip + limit).map((p) => (applyLifecycle(ctx, p, ctx.now()), p)) }
}
