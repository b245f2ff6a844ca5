import { userInfo } from 'node:os'
import type { CheckoutConnection } from '../checkout/connection'
import { CheckoutError } from '../checkout/errors'
import { idempotencyKeyFor } from '../checkout/idempotency'
import { AppError } from '../contract/errors'
import type { EventSink } from '../contract/events'
import type { Logger } from '../logger'
import { formatMinorDecimal } from '../reference/minor-units'
import type { ACTION_KINDS } from '../store/payment-records'
import type { PaymentsStore } from '../store/payments-store'
import type { PaymentDetail } from './contract'
import { loadPaymentDetail } from './payment-detail'

export type PaymentActionKind = (typeof ACTION_KINDS)[number]

export interface PaymentActionRequest {
  id: string
  actionId: string
  amount?: number | undefined
  reference?: string | undefined
}

export interface PaymentActionDeps {
  store: () => PaymentsStore
  checkout: CheckoutConnection
  /** Fetches one payment and its actions again and stores them (the sync's single-payment refresh). */
  refreshPayment(id: string): Promise<void>
  events: EventSink
  logger: Logger
  clock: () => Date
}

const PAST: Record<PaymentActionKind, string> = { capture: 'captured', refund: 'refunded', void: 'voided' }

/**
 * Capture, refund or void from the detail screen: checked against what the payment allows,
 * posted with the action's idempotency key, recorded in the local log (who, when, outcome),
 * then the payment and its actions are fetched again.
 */
export async function runPaymentAction(deps: PaymentActionDeps, kind: PaymentActionKind, request: PaymentActionRequest): Promise<PaymentDetail> {
  const store = deps.store()
  const before = await loadPaymentDetail(store.db, request.id)
  const { currency } = before.payment
  const available = kind === 'capture' ? before.allowed.capture : kind === 'refund' ? before.allowed.refund : before.allowed.void ? 1 : 0
  if (available <= 0) throw new AppError('conflict', `This payment cannot be ${PAST[kind]} in its current state (${before.payment.status}).`)
  if (request.amount !== undefined && request.amount > available) {
    throw new AppError('invalid_input', `The most that can be ${PAST[kind]} is ${currency} ${formatMinorDecimal(available, currency)}.`)
  }

  const client = await deps.checkout.client()
  const body = { ...(request.amount !== undefined ? { amount: request.amount } : {}), ...(request.reference ? { reference: request.reference } : {}) }
  const idempotencyKey = idempotencyKeyFor(request.actionId, `${kind} ${request.id}`, body)
  const log = {
    payment_id: request.id,
    kind,
    amount: request.amount ?? null,
    currency,
    reference: request.reference ?? null,
    requested_at: deps.clock().toISOString(),
    requested_by: requester(),
    idempotency_key: idempotencyKey,
  }
  try {
    const accepted = kind === 'capture' ? await client.capture(request.actionId, request.id, body) : kind === 'refund' ? await client.refund(request.actionId, request.id, body) : await client.void(request.actionId, request.id, body)
    await store.db.insertInto('payment_action_log').values({ ...log, outcome: 'accepted', action_id: accepted.action_id, error: null }).execute()
  } catch (error) {
    const refused = error instanceof CheckoutError && (error.code === 'forbidden' || error.code === 'validation' || error.code === 'conflict')
    const message = error instanceof Error ? error.message : String(error)
    await store.db.insertInto('payment_action_log').values({ ...log, outcome: refused ? 'refused' : 'failed', action_id: null, error: message }).execute()
    throw error
  }
  // The money has moved: a failed refresh must not turn that into an error on screen.
  let stale: string | null = null
  try {
    await deps.refreshPayment(request.id)
  } catch (error) {
    deps.logger.log('warn', 'refresh after an accepted action failed', { payment: request.id, kind, error: error instanceof Error ? error.message : String(error) })
    stale = `The ${kind} was accepted by Checkout.com, but the payment could not be fetched again; what is shown may be behind. Refresh to update it.`
  }
  deps.events.emit({ type: 'changed', topic: 'payments' })
  return loadPaymentDetail(store.db, request.id, stale)
}

function requester(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
