import { operatorName } from '../reference/operator'
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

// Capture, refund and void move money, so their outcome must never be guessed:
// - the intent is written to the local log (outcome 'unknown') before the request is sent;
// - an answer settles it: 'accepted' (with the action id) or 'refused';
// - no answer (a reset, a timeout, a 5xx after the request may have been processed) leaves it
//   'unknown': the payment offers no new action until the same request is sent again with the
//   same idempotency key (resolvePaymentActions), which Checkout.com answers with the first
//   outcome if it had one, or processes now if the first never arrived;
// - a failure that certainly sent nothing (no key, 429, a cancel) is 'failed'.
// The same user action (one dialog: one action id) running twice at once is sent once.

/** Errors after which the request may have been processed at Checkout.com. */
const MAYBE_SENT = new Set(['network', 'timeout', 'server', 'invalid_response'])
const REFUSED = new Set(['forbidden', 'validation', 'conflict', 'not_found'])

const inFlight = new Map<string, Promise<PaymentDetail>>()

export function runPaymentAction(deps: PaymentActionDeps, kind: PaymentActionKind, request: PaymentActionRequest): Promise<PaymentDetail> {
  const key = `${request.id} ${kind} ${request.actionId}`
  const running = inFlight.get(key)
  if (running) return running
  const work = sendPaymentAction(deps, kind, request).finally(() => inFlight.delete(key))
  inFlight.set(key, work)
  return work
}

type LogRow = { id: number; kind: PaymentActionKind; amount: number | null; reference: string | null; outcome: string; request_id: string | null; idempotency_key: string }

async function sendPaymentAction(deps: PaymentActionDeps, kind: PaymentActionKind, request: PaymentActionRequest): Promise<PaymentDetail> {
  const store = deps.store()
  const body = { ...(request.amount !== undefined ? { amount: request.amount } : {}), ...(request.reference ? { reference: request.reference } : {}) }
  const idempotencyKey = idempotencyKeyFor(request.actionId, `${kind} ${request.id}`, body)
  const earlier = await store.db.selectFrom('payment_action_log').select(['id', 'kind', 'amount', 'reference', 'outcome', 'request_id', 'idempotency_key']).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
  // The same user action again (a second click, a retry after no answer): its first outcome stands, or is learnt now.
  if (earlier && earlier.outcome !== 'unknown') return loadPaymentDetail(store.db, request.id)
  if (earlier) return settle(deps, request.id, earlier as LogRow)

  const before = await loadPaymentDetail(store.db, request.id)
  if (before.unresolved.length) throw new AppError('conflict', unresolvedMessage(before.unresolved[0]!.kind))
  const { currency } = before.payment
  const available = kind === 'capture' ? before.allowed.capture : kind === 'refund' ? before.allowed.refund : before.allowed.void ? 1 : 0
  if (available <= 0) throw new AppError('conflict', `This payment cannot be ${PAST[kind]} in its current state (${before.payment.status}).`)
  if (request.amount !== undefined && request.amount > available) {
    throw new AppError('invalid_input', `The most that can be ${PAST[kind]} is ${currency} ${formatMinorDecimal(available, currency)}.`)
  }
  const inserted = await store.db
    .insertInto('payment_action_log')
    .values({
      payment_id: request.id,
      kind,
      amount: request.amount ?? null,
      currency,
      reference: request.reference ?? null,
      requested_at: deps.clock().toISOString(),
      requested_by: operatorName(),
      idempotency_key: idempotencyKey,
      request_id: request.actionId,
      outcome: 'unknown',
      action_id: null,
      error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return settle(deps, request.id, { id: inserted.id, kind, amount: request.amount ?? null, reference: request.reference ?? null, outcome: 'unknown', request_id: request.actionId, idempotency_key: idempotencyKey })
}

/** Sends a logged request (again: same id, same body, so the same key) and records what came of it. */
async function settle(deps: PaymentActionDeps, paymentId: string, row: LogRow): Promise<PaymentDetail> {
  const store = deps.store()
  if (!row.request_id) throw new AppError('conflict', 'This action was recorded before Paydesk kept what it needs to ask again; refresh the payment to see whether it went through.')
  const body = { ...(row.amount !== null ? { amount: row.amount } : {}), ...(row.reference ? { reference: row.reference } : {}) }
  const update = (values: { outcome: 'accepted' | 'refused' | 'failed' | 'unknown'; action_id: string | null; error: string | null }) =>
    store.db.updateTable('payment_action_log').set(values).where('id', '=', row.id).execute()
  try {
    const client = await deps.checkout.client()
    const accepted = row.kind === 'capture' ? await client.capture(row.request_id, paymentId, body) : row.kind === 'refund' ? await client.refund(row.request_id, paymentId, body) : await client.void(row.request_id, paymentId, body)
    await update({ outcome: 'accepted', action_id: accepted.action_id, error: null })
  } catch (error) {
    const code = error instanceof CheckoutError ? error.code : ''
    const message = error instanceof Error ? error.message : String(error)
    if (MAYBE_SENT.has(code)) {
      await update({ outcome: 'unknown', action_id: null, error: message })
      await deps.refreshPayment(paymentId).catch(() => {})
      deps.events.emit({ type: 'changed', topic: 'payments' })
      askAgainLater(deps, paymentId)
      throw new AppError('unreachable', `${message} The ${row.kind} may have gone through: Paydesk offers no other action on this payment until it knows. Use "Check with Checkout.com" when the connection is back.`)
    }
    await update({ outcome: REFUSED.has(code) ? 'refused' : 'failed', action_id: null, error: message })
    if (!REFUSED.has(code)) throw error
    // A refusal usually means the stored balance was behind: read the payment again and say
    // what is possible now, in words, instead of Checkout.com's code.
    await deps.refreshPayment(paymentId).catch(() => {})
    deps.events.emit({ type: 'changed', topic: 'payments' })
    const fresh = await loadPaymentDetail(store.db, paymentId).catch(() => null)
    throw new AppError('refused', fresh ? refusalGuidance(row.kind, fresh) : `Checkout.com refused the ${row.kind}.`)
  }
  // The money has moved: a failed refresh must not turn that into an error on screen.
  let stale: string | null = null
  try {
    await deps.refreshPayment(paymentId)
  } catch (error) {
    deps.logger.log('warn', 'refresh after an accepted action failed', { payment: paymentId, kind: row.kind, error: error instanceof Error ? error.message : String(error) })
    stale = `The ${row.kind} was accepted by Checkout.com, but the payment could not be fetched again; what is shown may be behind. Refresh to update it.`
  }
  deps.events.emit({ type: 'changed', topic: 'payments' })
  return loadPaymentDetail(store.db, paymentId, stale)
}

/** After no answer, the same request is sent again by itself a few times, further apart; the screen's button does it at once. */
const ASK_AGAIN_AFTER_MS = [5_000, 30_000, 120_000]
const askingAgain = new Set<string>()

function askAgainLater(deps: PaymentActionDeps, paymentId: string, attempt = 0): void {
  if (attempt >= ASK_AGAIN_AFTER_MS.length || (attempt === 0 && askingAgain.has(paymentId))) return
  askingAgain.add(paymentId)
  const timer = setTimeout(() => {
    resolvePaymentActions(deps, paymentId)
      .then(() => askingAgain.delete(paymentId))
      .catch(() => askAgainLater(deps, paymentId, attempt + 1))
      .finally(() => {
        if (attempt + 1 >= ASK_AGAIN_AFTER_MS.length) askingAgain.delete(paymentId)
      })
  }, ASK_AGAIN_AFTER_MS[attempt])
  timer.unref()
}

/** Sends every action of a payment whose outcome is unknown again, with its own key, and records the answers. */
export async function resolvePaymentActions(deps: PaymentActionDeps, paymentId: string): Promise<PaymentDetail> {
  const store = deps.store()
  const rows = await store.db.selectFrom('payment_action_log').select(['id', 'kind', 'amount', 'reference', 'outcome', 'request_id', 'idempotency_key']).where('payment_id', '=', paymentId).where('outcome', '=', 'unknown').orderBy('id').execute()
  let detail: PaymentDetail | null = null
  for (const row of rows) detail = await settle(deps, paymentId, row as LogRow)
  return detail ?? loadPaymentDetail(store.db, paymentId)
}

/** What a person can do after a refusal, from the payment as Checkout.com has it now. */
export function refusalGuidance(kind: PaymentActionKind, detail: PaymentDetail): string {
  const { currency, status } = detail.payment
  const money = (minor: number) => `${currency} ${formatMinorDecimal(minor, currency)}`
  if (kind === 'void') return detail.allowed.void ? 'Checkout.com refused the void; try again in a moment.' : `Checkout.com refused the void: the payment is ${status} now, and only an authorisation with nothing captured can be voided.`
  const left = kind === 'capture' ? detail.allowed.capture : detail.allowed.refund
  const verb = kind === 'capture' ? 'capture' : 'refund'
  return left > 0 ? `Checkout.com refused the ${verb}: only ${money(left)} is left to ${verb}.` : `Checkout.com refused the ${verb}: nothing is left to ${verb} (the payment is ${status} now).`
}

export function unresolvedMessage(kind: string): string {
  return `An earlier ${kind} of this payment had no answer from Checkout.com and may have gone through. Check with Checkout.com before doing anything else with this payment.`
}


