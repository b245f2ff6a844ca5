import { operatorName } from '../reference/operator'
import type { CheckoutConnection } from '../checkout/connection'
import { CheckoutError } from '../checkout/errors'
import { idempotencyKeyFor, keyMayHaveExpired } from '../checkout/idempotency'
import type { ActionBody } from '../checkout/client'
import type { PaymentAction } from '../checkout/schemas'
import { AppError } from '../contract/errors'
import type { EventSink } from '../contract/events'
import type { Logger } from '../logger'
import { formatMinorDecimal } from '../reference/minor-units'
import { moneyRuleProblem } from '../reference/amount-input'
import type { z } from 'zod'
import type { ACTION_KINDS, ActionLogRecord } from '../store/payment-records'
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
// - one action at a time per payment: the intent is claimed in the local log (outcome
//   'unknown') by one statement that also checks no other action of the payment is in flight;
// - an answer settles it: 'accepted' (with the action id) or 'refused';
// - no answer (a reset, a timeout, a 5xx after the request may have been processed) leaves it
//   'unknown': the payment offers no new action until its outcome is learnt
//   (resolvePaymentActions). Checkout.com's idempotency key protects a resend for 24 hours only,
//   so the payment's actions are read first: each request carries metadata
//   {paydesk_action: <its request id>}, which the actions return. A matching action settles it;
//   with none, the same request is sent again under the same key while the key may still be
//   alive, and only when a person confirms once it may have expired;
// - a failure that certainly sent nothing (no key, 429, a cancel) is 'failed'.
// The same user action (one dialog: one action id) running twice at once is sent once.

/** Errors after which the request may have been processed at Checkout.com. */
const MAYBE_SENT = new Set(['network', 'timeout', 'server', 'invalid_response'])
const REFUSED = new Set(['forbidden', 'validation', 'conflict', 'not_found'])
const ACTION_TYPE: Record<PaymentActionKind, 'Capture' | 'Refund' | 'Void'> = { capture: 'Capture', refund: 'Refund', void: 'Void' }
/** The metadata key each action carries, so it can be recognised among the payment's actions. */
export const ACTION_TAG = 'paydesk_action'
/** How far a matched action's time may lie before the request's (two clocks): the fallback for untagged actions. */
const CLOCK_SLACK_MS = 10 * 60 * 1000

const inFlight = new Map<string, Promise<PaymentDetail>>()

export function runPaymentAction(deps: PaymentActionDeps, kind: PaymentActionKind, request: PaymentActionRequest): Promise<PaymentDetail> {
  const key = `${request.id} ${kind} ${request.actionId}`
  const running = inFlight.get(key)
  if (running) return running
  const work = sendPaymentAction(deps, kind, request).finally(() => inFlight.delete(key))
  inFlight.set(key, work)
  return work
}

type LogRecord = z.infer<typeof ActionLogRecord>
type LogRow = Pick<LogRecord, 'id' | 'kind' | 'amount' | 'reference' | 'outcome' | 'request_id' | 'idempotency_key' | 'requested_at' | 'server_requested_at' | 'confirm_resend'>
const LOG_COLUMNS = ['id', 'kind', 'amount', 'reference', 'outcome', 'request_id', 'idempotency_key', 'requested_at', 'server_requested_at', 'confirm_resend'] as const

const plainBody = (row: Pick<LogRow, 'amount' | 'reference'>): ActionBody => ({ ...(row.amount !== null ? { amount: row.amount } : {}), ...(row.reference ? { reference: row.reference } : {}) })
const taggedBody = (row: Pick<LogRow, 'amount' | 'reference'>, requestId: string): ActionBody => ({ ...plainBody(row), metadata: { [ACTION_TAG]: requestId } })

/** The body sent for a logged action: tagged, unless it was logged before tags (its key says which). */
function bodyOf(row: Pick<LogRow, 'kind' | 'amount' | 'reference' | 'request_id' | 'idempotency_key'>, paymentId: string): ActionBody {
  const tagged = taggedBody(row, row.request_id!)
  return idempotencyKeyFor(row.request_id!, `${row.kind} ${paymentId}`, tagged) === row.idempotency_key ? tagged : plainBody(row)
}

async function sendPaymentAction(deps: PaymentActionDeps, kind: PaymentActionKind, request: PaymentActionRequest): Promise<PaymentDetail> {
  const store = deps.store()
  const row = { amount: request.amount ?? null, reference: request.reference ?? null }
  const idempotencyKey = idempotencyKeyFor(request.actionId, `${kind} ${request.id}`, taggedBody(row, request.actionId))
  const earlier = await store.db.selectFrom('payment_action_log').select(LOG_COLUMNS).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
  // The same user action again (a second click, a retry after no answer): its first outcome stands, or is learnt now.
  if (earlier && earlier.outcome !== 'unknown') return loadPaymentDetail(store.db, request.id)
  if (earlier) return settle(deps, request.id, earlier, 'again')

  const before = await loadPaymentDetail(store.db, request.id)
  const { currency } = before.payment
  const available = kind === 'capture' ? before.allowed.capture : kind === 'refund' ? before.allowed.refund : before.allowed.void ? 1 : 0
  if (!before.unresolved.length && available <= 0) throw new AppError('conflict', `This payment cannot be ${PAST[kind]} in its current state (${before.payment.status}).`)
  const rule = request.amount !== undefined ? moneyRuleProblem(request.amount, currency) : null
  if (rule) throw new AppError('invalid_input', rule)
  if (!before.unresolved.length && request.amount !== undefined && request.amount > available) {
    throw new AppError('invalid_input', `The most that can be ${PAST[kind]} is ${currency} ${formatMinorDecimal(available, currency)}.`)
  }
  const values = {
    payment_id: request.id,
    kind,
    amount: row.amount,
    currency,
    reference: row.reference,
    requested_at: deps.clock().toISOString(),
    requested_by: operatorName(),
    idempotency_key: idempotencyKey,
    request_id: request.actionId,
    outcome: 'unknown' as const,
    action_id: null,
    error: null,
    confirm_resend: 0 as const,
    server_requested_at: await serverTime(deps),
  }
  // Checked and claimed in one statement: of actions started at once on one payment, one is sent.
  const columns = Object.keys(values) as (keyof typeof values)[]
  const claimed = await store.db
    .insertInto('payment_action_log')
    .columns(columns)
    .expression(
      store.db
        .selectNoFrom((eb) => columns.map((c) => eb.val(values[c]).as(c)))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('payment_action_log').select('id').where('payment_id', '=', request.id).where('outcome', '=', 'unknown')))),
    )
    .returning('id')
    .executeTakeFirst()
  if (!claimed) throw new AppError('conflict', await inFlightMessage(store.db, request.id))
  return settle(deps, request.id, { ...values, id: claimed.id }, 'new')
}

/** Checkout.com's clock now, from its last answer, as ISO; null before any answer or without a key. */
async function serverTime(deps: PaymentActionDeps): Promise<string | null> {
  const now = await deps.checkout.client().then((c) => c.http.serverNow(), () => null)
  return now === null ? null : new Date(now).toISOString()
}

/** Which action of the payment is in flight (or without an answer), in words. */
async function inFlightMessage(db: PaymentsStore['db'], paymentId: string): Promise<string> {
  const other = await db.selectFrom('payment_action_log').select(['kind', 'amount', 'currency', 'requested_at', 'requested_by']).where('payment_id', '=', paymentId).where('outcome', '=', 'unknown').orderBy('id').executeTakeFirst()
  if (!other) return 'Another action on this payment was being sent; open the payment again.'
  const amount = other.amount === null ? 'the whole amount' : `${other.currency} ${formatMinorDecimal(other.amount, other.currency)}`
  return `A ${other.kind} of ${amount}, started by ${other.requested_by} at ${other.requested_at.slice(11, 19)} UTC, is in flight or has no answer yet: ${unresolvedMessage(other.kind)}`
}

/**
 * The action Checkout.com made for a logged request, among the payment's actions: the one tagged
 * with its request id; failing that (a request logged before tags), one of the same type and
 * amount made after the request, carrying no tag and not already another log row's.
 */
function matchingAction(actions: PaymentAction[], row: LogRow, claimedIds: Set<string>): PaymentAction | null {
  const type = ACTION_TYPE[row.kind]
  const tagged = actions.find((a) => a.type === type && a.metadata?.[ACTION_TAG] === row.request_id)
  if (tagged) return tagged
  const since = Date.parse(row.requested_at) - CLOCK_SLACK_MS
  return (
    actions.find(
      (a) => a.type === type && a.metadata?.[ACTION_TAG] === undefined && !claimedIds.has(a.id) && (row.amount === null || a.amount === row.amount) && Date.parse(a.processed_on) >= since,
    ) ?? null
  )
}

/**
 * Settles a logged request. A new one is sent. One sent before with no answer is first looked
 * for among the payment's actions, and sent again (same body, same key) only when it is not
 * there: at once while its key is alive, and once it may have expired only with `confirmed`.
 */
async function settle(deps: PaymentActionDeps, paymentId: string, row: LogRow, sent: 'new' | 'again', confirmed = false): Promise<PaymentDetail> {
  const store = deps.store()
  if (!row.request_id) throw new AppError('conflict', 'This action was recorded before Paydesk kept what it needs to ask again; refresh the payment to see whether it went through.')
  const update = (values: Partial<Pick<LogRecord, 'outcome' | 'action_id' | 'error' | 'confirm_resend'>>) => store.db.updateTable('payment_action_log').set(values).where('id', '=', row.id).execute()
  const others = await store.db.selectFrom('payment_action_log').select('action_id').where('payment_id', '=', paymentId).where('id', '<>', row.id).where('action_id', 'is not', null).execute()
  try {
    const client = await deps.checkout.client()
    if (sent === 'again') {
      const made = matchingAction(await client.getPaymentActions(paymentId), row, new Set(others.map((r) => r.action_id!)))
      if (made) {
        await update({ outcome: made.approved === false ? 'refused' : 'accepted', action_id: made.id, error: made.approved === false ? `Checkout.com declined the ${row.kind} (${made.response_code}).` : null, confirm_resend: 0 })
        return refreshed(deps, paymentId, row.kind)
      }
      if (!confirmed && keyMayHaveExpired({ local: row.requested_at, server: row.server_requested_at }, deps.clock().getTime(), client.http.serverNow())) {
        await update({ confirm_resend: 1, error: `Checkout.com shows no such ${row.kind} on this payment, and the request is over a day old, so sending it again would be a new ${row.kind}. Send it again only if it is still wanted.` })
        deps.events.emit({ type: 'changed', topic: 'payments' })
        return loadPaymentDetail(store.db, paymentId)
      }
    }
    const body = bodyOf(row, paymentId)
    const accepted = row.kind === 'capture' ? await client.capture(row.request_id, paymentId, body) : row.kind === 'refund' ? await client.refund(row.request_id, paymentId, body) : await client.void(row.request_id, paymentId, body)
    await update({ outcome: 'accepted', action_id: accepted.action_id, error: null, confirm_resend: 0 })
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
  return refreshed(deps, paymentId, row.kind)
}

/** The payment read again after its money moved: a failed refresh must not turn that into an error on screen. */
async function refreshed(deps: PaymentActionDeps, paymentId: string, kind: PaymentActionKind): Promise<PaymentDetail> {
  let stale: string | null = null
  try {
    await deps.refreshPayment(paymentId)
  } catch (error) {
    deps.logger.log('warn', 'refresh after an accepted action failed', { payment: paymentId, kind, error: error instanceof Error ? error.message : String(error) })
    stale = `The ${kind} was accepted by Checkout.com, but the payment could not be fetched again; what is shown may be behind. Refresh to update it.`
  }
  deps.events.emit({ type: 'changed', topic: 'payments' })
  return loadPaymentDetail(deps.store().db, paymentId, stale)
}

/** After no answer, the outcome is asked for again by itself a few times, further apart; the screen's button does it at once. */
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

/**
 * Learns the outcome of every action of a payment left without an answer: found among the
 * payment's actions, or sent again with its own key (see settle). `confirmResend`: a person
 * confirmed sending again an action whose key may have expired.
 */
export async function resolvePaymentActions(deps: PaymentActionDeps, paymentId: string, confirmResend = false): Promise<PaymentDetail> {
  const store = deps.store()
  const rows = await store.db.selectFrom('payment_action_log').select(LOG_COLUMNS).where('payment_id', '=', paymentId).where('outcome', '=', 'unknown').orderBy('id').execute()
  let detail: PaymentDetail | null = null
  for (const row of rows) detail = await settle(deps, paymentId, row, 'again', confirmResend && row.confirm_resend === 1)
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


