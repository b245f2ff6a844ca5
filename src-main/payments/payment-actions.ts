import { userInfo } from 'node:os'
import { CheckoutError } from '../checkout/errors'
import { idempotencyKeyFor } from '../checkout/idempotency'
import type { PaymentDetail } from '../contract'
import { AppError } from '../errors'
import type { HandlerContext } from '../handlers/context'
import { minorUnitExponent } from '../money/minor-units'
import { loadPaymentDetail } from './payment-detail'
import { refreshPayment } from './refresh-payment'

export type PaymentActionKind = 'capture' | 'refund' | 'void'

export interface PaymentActionRequest {
  id: string
  actionId: string
  amount?: number | undefined
  reference?: string | undefined
}

/**
 * Capture, refund or void from the detail screen: checked against what the payment allows,
 * posted with the action's idempotency key, recorded in the local log (who, when, outcome),
 * then the payment and its actions are fetched again.
 */
export async function runPaymentAction(ctx: HandlerContext, kind: PaymentActionKind, request: PaymentActionRequest): Promise<PaymentDetail> {
  const before = await loadPaymentDetail(ctx.db, request.id)
  const { currency } = before.payment
  const available = kind === 'capture' ? before.allowed.capture : kind === 'refund' ? before.allowed.refund : before.allowed.void ? 1 : 0
  if (available <= 0) throw new AppError('conflict', `This payment cannot be ${kind === 'capture' ? 'captured' : kind === 'refund' ? 'refunded' : 'voided'} in its current state (${before.payment.status}).`)
  if (request.amount !== undefined && request.amount > available) {
    throw new AppError('invalid_input', `The most that can be ${kind === 'capture' ? 'captured' : 'refunded'} is ${available} (minor units of ${currency}, exponent ${minorUnitExponent(currency)}).`)
  }

  const client = await ctx.checkout.client()
  const body = { ...(request.amount !== undefined ? { amount: request.amount } : {}), ...(request.reference ? { reference: request.reference } : {}) }
  const idempotencyKey = idempotencyKeyFor(request.actionId, `${kind} ${request.id}`, body)
  const log = {
    payment_id: request.id,
    kind,
    amount: request.amount ?? null,
    currency,
    reference: request.reference ?? null,
    requested_at: ctx.clock().toISOString(),
    requested_by: requester(),
    idempotency_key: idempotencyKey,
  }
  try {
    const accepted = kind === 'capture' ? await client.capture(request.actionId, request.id, body) : kind === 'refund' ? await client.refund(request.actionId, request.id, body) : await client.void(request.actionId, request.id, body)
    await ctx.db.insertInto('payment_action_log').values({ ...log, outcome: 'accepted', action_id: accepted.action_id, error: null }).execute()
  } catch (error) {
    const refused = error instanceof CheckoutError && (error.code === 'forbidden' || error.code === 'validation' || error.code === 'conflict')
    const message = error instanceof Error ? error.message : String(error)
    await ctx.db.insertInto('payment_action_log').values({ ...log, outcome: refused ? 'refused' : 'failed', action_id: null, error: message }).execute()
    throw new AppError(refused ? 'conflict' : 'upstream', message)
  }
  await refreshPayment(ctx, request.id)
  return loadPaymentDetail(ctx.db, request.id)
}

function requester(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
