import type { SimContext } from './sim-context'
import type { StoredAction, StoredPayment } from './state'
import { responseSummary } from './card-catalog'
import { cardFields } from './cards'

// The JSON shapes the API answers with, built from the stored payment. Field names and
// required fields follow the spec (PaymentResponse, PaymentDetails, PaymentAction).

export interface Balances {
  total_authorized: number
  total_voided: number
  available_to_void: number
  total_captured: number
  available_to_capture: number
  total_refunded: number
  available_to_refund: number
}

const sum = (actions: StoredAction[], type: StoredAction['type']) => actions.filter((a) => a.type === type && a.approved).reduce((s, a) => s + a.amount, 0)

export function balancesOf(payment: StoredPayment): Balances {
  const authorized = sum(payment.actions, 'Authorization')
  const captured = sum(payment.actions, 'Capture')
  const refunded = sum(payment.actions, 'Refund')
  const voided = sum(payment.actions, 'Void')
  const open = payment.status === 'Authorized' || payment.status === 'Partially Captured'
  return {
    total_authorized: authorized,
    total_voided: voided,
    available_to_void: payment.status === 'Authorized' ? authorized - captured : 0,
    total_captured: captured,
    available_to_capture: open ? authorized - captured - voided : 0,
    total_refunded: refunded,
    available_to_refund: captured - refunded,
  }
}

function links(ctx: SimContext, payment: StoredPayment) {
  const self = `${ctx.baseUrl()}/payments/${payment.id}`
  const b = balancesOf(payment)
  return {
    self: { href: self },
    actions: { href: `${self}/actions` },
    ...(b.available_to_capture > 0 ? { capture: { href: `${self}/captures` } } : {}),
    ...(b.available_to_void > 0 ? { void: { href: `${self}/voids` } } : {}),
    ...(b.available_to_refund > 0 ? { refund: { href: `${self}/refunds` } } : {}),
  }
}

function sourceView(ctx: SimContext, payment: StoredPayment) {
  const card = payment.sourceId ? ctx.state.sources[payment.sourceId] : undefined
  if (!card) return undefined
  // source.id is returned only when approved (API-NOTES section 3): a declined new card was not
  // kept, so it has no reusable id; a card already on a customer's file keeps its own.
  const reusable = payment.approved === true || card.customerId !== undefined
  return {
    type: 'card',
    ...(reusable ? { id: card.id } : {}),
    ...(card.billing_address ? { billing_address: card.billing_address } : {}),
    ...cardFields(card),
    fingerprint: card.fingerprint,
    ...(payment.avs_check ? { avs_check: payment.avs_check } : {}),
    ...(payment.cvv_check ? { cvv_check: payment.cvv_check } : {}),
  }
}

function customerView(ctx: SimContext, payment: StoredPayment) {
  const customer = payment.customerId ? ctx.state.customers[payment.customerId] : undefined
  if (!customer) return undefined
  return { id: customer.id, email: customer.email, ...(customer.name ? { name: customer.name } : {}) }
}

function threeDsView(payment: StoredPayment) {
  return payment.threeDs ? { '3ds': { downgraded: payment.threeDs.downgraded, enrolled: payment.threeDs.enrolled } } : {}
}

/** 201 to POST /payments: the processed payment. */
export function paymentResponse(ctx: SimContext, payment: StoredPayment) {
  const auth = payment.actions[0]!
  const customer = customerView(ctx, payment)
  const source = sourceView(ctx, payment)
  return {
    id: payment.id,
    action_id: auth.id,
    amount: payment.amount,
    currency: payment.currency,
    approved: payment.approved ?? false,
    status: payment.status,
    ...(payment.auth_code ? { auth_code: payment.auth_code } : {}),
    response_code: payment.response_code ?? auth.response_code,
    response_summary: responseSummary(payment.response_code ?? auth.response_code),
    ...(payment.expires_on ? { expires_on: payment.expires_on } : {}),
    ...threeDsView(payment),
    risk: { flagged: payment.risk_flagged },
    ...(source ? { source } : {}),
    ...(customer ? { customer } : {}),
    processed_on: auth.processed_on,
    ...(payment.reference ? { reference: payment.reference } : {}),
    processing: { retrieval_reference_number: payment.retrieval_reference_number, acquirer_transaction_id: payment.acquirer_transaction_id },
    ...(payment.eci ? { eci: payment.eci } : {}),
    ...(payment.scheme_id ? { scheme_id: payment.scheme_id } : {}),
    _links: links(ctx, payment),
  }
}

/** 202 to POST /payments: waiting for the cardholder (3-D Secure). */
export function pendingResponse(ctx: SimContext, payment: StoredPayment) {
  const customer = customerView(ctx, payment)
  return {
    id: payment.id,
    status: 'Pending' as const,
    ...(payment.reference ? { reference: payment.reference } : {}),
    ...(customer ? { customer } : {}),
    ...threeDsView(payment),
    _links: {
      self: { href: `${ctx.baseUrl()}/payments/${payment.id}` },
      redirect: { href: `${ctx.baseUrl()}/__sim/3ds/${payment.id}` },
    },
  }
}

/** 200 to GET /payments/{id}. */
export function paymentDetails(ctx: SimContext, payment: StoredPayment) {
  const customer = customerView(ctx, payment)
  const source = sourceView(ctx, payment)
  const decided = payment.approved !== undefined
  return {
    id: payment.id,
    requested_on: payment.requested_on,
    ...(source ? { source } : {}),
    amount: payment.amount,
    currency: payment.currency,
    payment_type: payment.payment_type,
    ...(payment.reference ? { reference: payment.reference } : {}),
    ...(payment.description ? { description: payment.description } : {}),
    approved: payment.approved ?? false,
    ...(payment.expires_on ? { expires_on: payment.expires_on } : {}),
    status: payment.status,
    balances: balancesOf(payment),
    ...(payment.threeDs ? { '3ds': { downgraded: payment.threeDs.downgraded, enrolled: payment.threeDs.enrolled, ...(payment.threeDs.authenticated !== undefined ? { authentication_response: payment.threeDs.authenticated ? 'Y' : 'N' } : {}) } } : {}),
    risk: { flagged: payment.risk_flagged },
    ...(customer ? { customer } : {}),
    ...(payment.metadata ? { metadata: payment.metadata } : {}),
    ...(payment.eci ? { eci: payment.eci } : {}),
    ...(payment.scheme_id ? { scheme_id: payment.scheme_id } : {}),
    ...(payment.payment_ip ? { payment_ip: payment.payment_ip } : {}),
    ...(payment.retrieval_reference_number ? { processing: { retrieval_reference_number: payment.retrieval_reference_number, acquirer_transaction_id: payment.acquirer_transaction_id } } : {}),
    ...(decided ? { actions: [...payment.actions].reverse().map((a) => ({ id: a.id, type: a.type, response_code: a.response_code, response_summary: a.response_summary })) } : {}),
    _links: links(ctx, payment),
  }
}

/**
 * A capture's or refund's acquirer reference number: 23 digits the scheme would assign, made
 * from the action id (stable across reads, and no draw from the simulator's random sequence).
 */
export function acquirerReferenceNumber(actionId: string): string {
  let digits = ''
  let hash = 0x811c9dc5
  for (let round = 0; digits.length < 22; round++) {
    for (const char of `${actionId}:${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
    digits += String(hash % 100000).padStart(5, '0')
  }
  return `2${digits.slice(0, 22)}`
}

/** 200 to GET /payments/{id}/actions: newest first. */
export function actionsView(payment: StoredPayment) {
  return [...payment.actions].reverse().map((a) => ({
    id: a.id,
    type: a.type,
    processed_on: a.processed_on,
    amount: a.amount,
    approved: a.approved,
    ...(a.auth_code ? { auth_code: a.auth_code } : {}),
    response_code: a.response_code,
    response_summary: a.response_summary,
    ...(a.reference ? { reference: a.reference } : {}),
    ...(a.metadata ? { metadata: a.metadata } : {}),
    ...((a.type === 'Capture' || a.type === 'Refund') && a.approved ? { processing: { acquirer_reference_number: acquirerReferenceNumber(a.id) } } : {}),
  }))
}
