import { randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CheckoutConnection } from '../checkout/connection'
import type { CreatePaymentBody } from '../checkout/client'
import { CheckoutError } from '../checkout/errors'
import { idempotencyKeyFor } from '../checkout/idempotency'
import { AppError } from '../contract/errors'
import type { EventSink } from '../contract/events'
import type { Logger } from '../logger'
import { isExpired } from '../reference/card-rules'
import { formatMinorDecimal } from '../reference/minor-units'
import { operatorName } from '../reference/operator'
import type { PaymentsDatabase } from '../store/payments-database'
import type { MotoPaymentInput, PaymentRequestRecord, PaymentRequestView } from './contract'
import { tokenizeCard } from './customer-file'

// A phone payment must never be made twice and never be lost:
// - the request is written to payment_requests, with its idempotency key and the exact body, before
//   it is sent ('sending');
// - an answer settles it: 'approved', 'declined', 'pending' (3-D Secure) or 'refused' (422/403);
// - no answer (a timeout, a reset, a 5xx, a crash before the answer was written) leaves it
//   'sending' or 'unknown', and nothing new can be sent for it: it is settled by asking
//   Checkout.com for payments with its reference, and only when none exists by sending the same
//   body again under the same key (which Checkout.com answers with the first outcome if it had
//   one), and only when the agent says so;
// - a failure that certainly sent nothing (no key, a refused token) is 'failed'.
// The body kept holds no card data: a new card is a token by then, and a saved card's CVV is
// sent once and not kept (a later resend goes without it, under the same key).

export interface MotoDeps {
  store: () => { db: Kysely<PaymentsDatabase> }
  checkout: CheckoutConnection
  clock: () => Date
  events: EventSink
  logger: Logger
  refreshPayment(id: string): Promise<void>
  /** Settings' processing channel (pc_…), sent with every payment when set. */
  processingChannelId(): Promise<string | null>
  /** When an approved payment awaiting its automatic capture is read again (CAPTURE_FOLLOW_MS). */
  captureFollowMs: readonly number[]
}

const DUPLICATE_WINDOW_MS = 10 * 60 * 1000
/** The metadata key each phone payment carries: its request's id. */
export const REQUEST_TAG = 'paydesk_request'
const UNSETTLED = new Set(['sending', 'unknown'])
/** Errors after which the request may have been processed at Checkout.com. */
const MAYBE_SENT = new Set(['network', 'timeout', 'server', 'invalid_response', 'rate_limited', 'aborted'])

type Answer = Awaited<ReturnType<Awaited<ReturnType<CheckoutConnection['client']>>['createPayment']>>
type Settlement = Partial<Pick<PaymentRequestRecord, 'state' | 'payment_id' | 'status' | 'response_code' | 'response_summary' | 'auth_code' | 'avs_check' | 'cvv_check' | 'redirect_url' | 'processed_at' | 'error' | 'card_scheme' | 'card_last4'>>

const inFlight = new Map<string, Promise<unknown>>()
/** One run per request id at a time: a second click joins the first. */
function once<T>(id: string, work: () => Promise<T>): Promise<T> {
  const running = inFlight.get(id)
  if (running) return running as Promise<T>
  const started = work().finally(() => inFlight.delete(id))
  inFlight.set(id, started)
  return started
}

export async function requestView(db: Kysely<PaymentsDatabase>, id: string): Promise<PaymentRequestView> {
  const row = await db
    .selectFrom('payment_requests as r')
    .leftJoin('customer_profiles as cp', 'cp.id', 'r.customer_id')
    .leftJoin('customers as c', 'c.id', 'r.customer_id')
    .selectAll('r')
    .select((eb) => [eb.fn.coalesce('cp.email', 'c.email').as('customer_email'), eb.fn.coalesce('cp.name', 'c.name').as('customer_name')])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new AppError('not_found', `No phone payment request ${id} on this computer.`)
  const { idempotency_key: _key, body_json, ...rest } = row
  const body = JSON.parse(body_json) as CreatePaymentBody
  return { ...rest, customer_email: row.customer_email ?? null, customer_name: row.customer_name ?? null, description: body.description ?? null, capture: body.capture !== false }
}

async function update(deps: MotoDeps, id: string, values: Settlement): Promise<PaymentRequestView> {
  const db = deps.store().db
  await db.updateTable('payment_requests').set({ ...values, updated_at: deps.clock().toISOString() }).where('id', '=', id).execute()
  deps.events.emit({ type: 'changed', topic: 'payments' })
  return requestView(db, id)
}

/** What an answer to POST /payments says, as columns. */
function settlementOf(answer: Answer): Settlement {
  if (answer.status === 'Pending') {
    const links = answer._links as { redirect?: { href: string } }
    return { state: 'pending', payment_id: answer.id, status: 'Pending', redirect_url: links.redirect?.href ?? null, error: null }
  }
  const processed = answer as Extract<Answer, { approved: boolean }>
  return {
    state: processed.approved ? 'approved' : 'declined',
    payment_id: processed.id,
    status: processed.status,
    response_code: processed.response_code,
    response_summary: processed.response_summary ?? null,
    auth_code: processed.auth_code ?? null,
    avs_check: processed.source?.avs_check ?? null,
    cvv_check: processed.source?.cvv_check ?? null,
    processed_at: processed.processed_on,
    redirect_url: null,
    error: null,
    ...(processed.source?.last4 ? { card_last4: processed.source.last4, card_scheme: processed.source.scheme ?? null } : {}),
  }
}

/** Sends a stored request (again: the same body under the same key) and records what came of it. */
async function send(deps: MotoDeps, row: Pick<PaymentRequestRecord, 'id' | 'idempotency_key' | 'body_json'>, cvv?: string): Promise<PaymentRequestView> {
  const body = JSON.parse(row.body_json) as CreatePaymentBody
  // The saved card's CVV travels in this one request only.
  if (cvv) body.source = { ...body.source, cvv }
  let answer: Answer
  try {
    answer = await (await deps.checkout.client()).createPayment(row.id, body, undefined, row.idempotency_key)
  } catch (error) {
    const code = error instanceof CheckoutError ? error.code : ''
    const message = error instanceof Error ? error.message : String(error)
    if (MAYBE_SENT.has(code)) return update(deps, row.id, { state: 'unknown', error: message })
    if (error instanceof CheckoutError) return update(deps, row.id, { state: code === 'authentication' ? 'failed' : 'refused', error: message })
    deps.logger.log('error', 'phone payment failed', { request: row.id, error: message })
    return update(deps, row.id, { state: 'unknown', error: 'Paydesk failed before it knew the outcome; check with Checkout.com.' })
  }
  const view = await update(deps, row.id, settlementOf(answer))
  await storePayment(deps, answer.id, view)
  return view
}

/**
 * Reads the payment into the local store, so the list and its detail show it at once. An
 * approved payment asked to be captured answers Authorized and is captured shortly after: it is
 * read again until the store shows the capture (a few times, further apart), not at the next sync.
 */
async function storePayment(deps: MotoDeps, paymentId: string, view: PaymentRequestView) {
  await deps.refreshPayment(paymentId).catch((error) => deps.logger.log('warn', 'could not store the new payment yet', { payment: paymentId, error: String(error) }))
  deps.events.emit({ type: 'changed', topic: 'payments' })
  if (view.state === 'approved' && view.capture) followCapture(deps, paymentId)
}

/** When the automatic capture is read for: Checkout.com captures "shortly" after the answer. */
export const CAPTURE_FOLLOW_MS = [2_500, 10_000, 60_000, 300_000]

function followCapture(deps: MotoDeps, paymentId: string, attempt = 0): void {
  if (attempt >= deps.captureFollowMs.length) return
  const timer = setTimeout(() => {
    void (async () => {
      const stored = await deps.store().db.selectFrom('payments').select('status').where('id', '=', paymentId).executeTakeFirst()
      if (stored && stored.status !== 'Authorized') return
      await deps.refreshPayment(paymentId).catch((error) => deps.logger.log('warn', 'could not read the phone payment again', { payment: paymentId, error: String(error) }))
      deps.events.emit({ type: 'changed', topic: 'payments' })
      const after = await deps.store().db.selectFrom('payments').select('status').where('id', '=', paymentId).executeTakeFirst()
      if (!after || after.status === 'Authorized') followCapture(deps, paymentId, attempt + 1)
    })().catch((error) => deps.logger.log('warn', 'could not follow the phone payment', { payment: paymentId, error: String(error) }))
  }, deps.captureFollowMs[attempt])
  timer.unref()
}

/**
 * What makes a double charge is the same customer or card, amount and currency, whatever the
 * reference (each form suggests a new one): an earlier request for them within 10 minutes that
 * was not refused, newest first.
 */
async function earlierDuplicate(db: Kysely<PaymentsDatabase>, input: MotoPaymentInput, now: Date): Promise<string | null> {
  const sourceId = input.source.kind === 'saved' ? input.source.id : null
  const earlier = await db
    .selectFrom('payment_requests')
    .select('id')
    .where((eb) => eb.or([eb('customer_id', '=', input.customerId), ...(sourceId ? [eb('source_id', '=', sourceId)] : [])]))
    .where('amount', '=', input.amount)
    .where('currency', '=', input.currency)
    .where('created_at', '>=', new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString())
    .where('state', 'not in', ['failed', 'refused'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return earlier?.id ?? null
}

/** An earlier request for this customer, amount and currency still without an answer: it may have charged them. */
async function earlierUnanswered(db: Kysely<PaymentsDatabase>, input: MotoPaymentInput) {
  return db
    .selectFrom('payment_requests')
    .select(['reference', 'created_at', 'requested_by'])
    .where('customer_id', '=', input.customerId)
    .where('amount', '=', input.amount)
    .where('currency', '=', input.currency)
    .where('state', 'in', ['sending', 'unknown'])
    .orderBy('created_at')
    .executeTakeFirst()
}

/** The card the request charges, as the customer's kept cards show it; an expired one is refused here. */
async function chargedCard(db: Kysely<PaymentsDatabase>, customerId: string, sourceId: string | null, now: Date) {
  const id = sourceId ?? (await db.selectFrom('customer_profiles').select('default_source_id').where('id', '=', customerId).executeTakeFirst())?.default_source_id ?? null
  if (!id) {
    if (sourceId === null) throw new AppError('invalid_input', 'This customer has no default card at Checkout.com: choose one of their cards or take a new one.')
    return null
  }
  const card = await db.selectFrom('customer_cards').select(['scheme', 'last4', 'expiry_month', 'expiry_year', 'customer_id']).where('id', '=', id).executeTakeFirst()
  if (card && card.customer_id !== customerId) throw new AppError('invalid_input', `Card ${id} belongs to another customer.`)
  if (card?.expiry_month && card.expiry_year && isExpired(card.expiry_month, card.expiry_year, now)) {
    throw new AppError('invalid_input', `This card expired at the end of ${String(card.expiry_month).padStart(2, '0')}/${card.expiry_year}: ask the caller for another card.`)
  }
  return { id, scheme: card?.scheme ?? null, last4: card?.last4 ?? null }
}

export function createMotoPayment(deps: MotoDeps, input: MotoPaymentInput): Promise<{ kind: 'request'; request: PaymentRequestView } | { kind: 'duplicate'; earlier: PaymentRequestView }> {
  return once(input.requestId, async () => {
    const db = deps.store().db
    const now = deps.clock()
    const existing = await db.selectFrom('payment_requests').select(['id', 'state']).where('id', '=', input.requestId).executeTakeFirst()
    if (existing) {
      // The same request again: its outcome stands; one without an answer is settled, never sent anew.
      if (UNSETTLED.has(existing.state)) return { kind: 'request' as const, request: await settleUnknown(deps, input.requestId, 'send') }
      return { kind: 'request' as const, request: await requestView(db, input.requestId) }
    }
    // Not even a confirmed duplicate goes while an earlier one may have charged them: its outcome first.
    const unanswered = await earlierUnanswered(db, input)
    if (unanswered) {
      throw new AppError(
        'conflict',
        `An earlier payment of ${input.currency} ${formatMinorDecimal(input.amount, input.currency)} for this customer (reference ${unanswered.reference}, sent by ${unanswered.requested_by} at ${unanswered.created_at.slice(11, 16)} UTC) has no answer from Checkout.com yet and may have gone through. Settle it first: "Check with Checkout.com" at the top of this screen.`,
      )
    }
    if (!input.confirmDuplicate) {
      const earlier = await earlierDuplicate(db, input, now)
      if (earlier) return { kind: 'duplicate' as const, earlier: await requestView(db, earlier) }
    }
    const card =
      input.source.kind === 'new_card'
        ? await tokenizeCard(deps, input.requestId, input.source.card).then((t) => ({ id: null, scheme: t.scheme ?? null, last4: t.last4, token: t.token }))
        : { ...(await chargedCard(db, input.customerId, input.source.kind === 'saved' ? input.source.id : null, now)), token: null }
    if (input.source.kind === 'saved' && card?.scheme?.toLowerCase().includes('american express') && input.reference.length > 30) {
      throw new AppError('invalid_input', 'American Express allows at most 30 characters in a reference.')
    }
    const channel = await deps.processingChannelId()
    const source: CreatePaymentBody['source'] =
      input.source.kind === 'new_card' ? { type: 'token', token: card!.token!, store_for_future_use: input.source.save } : input.source.kind === 'saved' ? { type: 'id', id: input.source.id } : { type: 'customer', id: input.customerId }
    const body: CreatePaymentBody = {
      source,
      amount: input.amount,
      currency: input.currency,
      reference: input.reference,
      ...(input.description ? { description: input.description } : {}),
      capture: input.capture,
      payment_type: 'MOTO',
      customer: { id: input.customerId },
      // Tagged, so the payment is recognised among those with its reference if the answer is lost.
      metadata: { ...input.metadata, [REQUEST_TAG]: input.requestId },
      ...(channel ? { processing_channel_id: channel } : {}),
      ...(input.threeDs ? { '3ds': { enabled: true } } : {}),
    }
    const body_json = JSON.stringify(body)
    const row = {
      id: input.requestId,
      idempotency_key: idempotencyKeyFor(input.requestId, 'moto payment', body),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      requested_by: operatorName(),
      customer_id: input.customerId,
      source_kind: input.source.kind,
      source_id: card?.id ?? null,
      card_scheme: card?.scheme ?? null,
      card_last4: card?.last4 ?? null,
      amount: input.amount,
      currency: input.currency,
      reference: input.reference,
      body_json,
      state: 'sending' as const,
      payment_id: null,
      status: null,
      response_code: null,
      response_summary: null,
      auth_code: null,
      avs_check: null,
      cvv_check: null,
      redirect_url: null,
      processed_at: null,
      error: null,
    }
    await db.insertInto('payment_requests').values(row).execute()
    deps.events.emit({ type: 'changed', topic: 'payments' })
    return { kind: 'request' as const, request: await send(deps, row, input.source.kind === 'saved' ? input.source.cvv : undefined) }
  })
}

/**
 * Settles a request sent with no answer: a payment with its reference (same amount, currency and
 * customer, made after the request) is its outcome; with none, `ifMissing` says what the agent
 * chose: 'ask' leaves it unknown and says so, 'send' sends the same body under the same key,
 * 'cancel' records that nothing was taken.
 */
export function settleUnknown(deps: MotoDeps, id: string, ifMissing: 'ask' | 'send' | 'cancel'): Promise<PaymentRequestView> {
  return once(`settle ${id}`, async () => {
    const db = deps.store().db
    const row = await db.selectFrom('payment_requests').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('not_found', `No phone payment request ${id} on this computer.`)
    if (row.state === 'pending') return pollPending(deps, row)
    if (!UNSETTLED.has(row.state)) return requestView(db, id)
    const client = await deps.checkout.client()
    const found = await madePayment(db, client, row)
    if (found) {
      const auth = await authorisationOf(client, found.id)
      const view = await update(deps, id, {
        state: found.status === 'Pending' ? 'pending' : found.approved ? 'approved' : 'declined',
        payment_id: found.id,
        status: found.status,
        response_code: auth?.response_code ?? null,
        response_summary: auth?.response_summary ?? null,
        auth_code: auth?.auth_code ?? null,
        avs_check: found.source?.avs_check ?? null,
        cvv_check: found.source?.cvv_check ?? null,
        processed_at: auth?.processed_on ?? null,
        error: null,
      })
      await storePayment(deps, found.id, view)
      return view
    }
    if (ifMissing === 'cancel') return update(deps, id, { state: 'failed', error: `Checkout.com had no payment with reference ${row.reference}; marked as not taken by ${operatorName()}.` })
    if (ifMissing === 'ask') return update(deps, id, { state: 'unknown', error: `Checkout.com has no payment with reference ${row.reference}: it was probably never made. Send it now (it cannot be taken twice) or mark it as not taken.` })
    // Checkout.com has no payment for it and the agent asked to send it: under its key, which
    // answers with the first outcome if that request ever arrived, or makes the payment now.
    return send(deps, row)
  })
}

/**
 * The payment a request made, among those with its reference: the one tagged with its id; for a
 * request sent before tags, one of the same amount, currency and customer that no other request
 * has claimed, made within a day of it (the two clocks may differ by minutes, not a day).
 */
async function madePayment(db: Kysely<PaymentsDatabase>, client: Awaited<ReturnType<CheckoutConnection['client']>>, row: PaymentRequestRecord) {
  const candidates = (await client.listPaymentsByReference(row.reference)).data
  const tagged = candidates.find((p) => (p.metadata as Record<string, unknown> | undefined)?.[REQUEST_TAG] === row.id)
  if (tagged) return tagged
  const claimed = new Set((await db.selectFrom('payment_requests').select('payment_id').where('reference', '=', row.reference).where('id', '<>', row.id).where('payment_id', 'is not', null).execute()).map((r) => r.payment_id))
  const since = Date.parse(row.created_at) - 24 * 3600 * 1000
  return candidates.find(
    (p) =>
      (p.metadata as Record<string, unknown> | undefined)?.[REQUEST_TAG] === undefined &&
      !claimed.has(p.id) &&
      p.amount === row.amount &&
      p.currency === row.currency &&
      Date.parse(p.requested_on) >= since &&
      (!p.customer || p.customer.id === row.customer_id),
  )
}

/** The payment's authorisation (or verification) action: its code, summary and auth code; none when the actions cannot be read. */
async function authorisationOf(client: Awaited<ReturnType<CheckoutConnection['client']>>, paymentId: string) {
  const actions = await client.getPaymentActions(paymentId).catch(() => [])
  return actions.find((a) => a.type === 'Authorization' || a.type === 'Card Verification')
}

/** A 3-D Secure payment waits for the cardholder: asked about again, settled once decided. */
async function pollPending(deps: MotoDeps, row: PaymentRequestRecord): Promise<PaymentRequestView> {
  const client = await deps.checkout.client()
  const payment = await client.getPayment(row.payment_id!)
  if (payment.status === 'Pending') return requestView(deps.store().db, row.id)
  const auth = await authorisationOf(client, payment.id)
  const view = await update(deps, row.id, {
    state: payment.approved ? 'approved' : 'declined',
    status: payment.status,
    response_code: auth?.response_code ?? null,
    response_summary: auth?.response_summary ?? (payment.status === 'Canceled' ? 'The cardholder did not finish 3-D Secure in time' : null),
    auth_code: auth?.auth_code ?? null,
    avs_check: payment.source?.avs_check ?? null,
    cvv_check: payment.source?.cvv_check ?? null,
    processed_at: auth?.processed_on ?? null,
    redirect_url: null,
  })
  await storePayment(deps, payment.id, view)
  return view
}

export async function getMotoPayment(deps: MotoDeps, id: string): Promise<PaymentRequestView> {
  const db = deps.store().db
  const row = await db.selectFrom('payment_requests').selectAll().where('id', '=', id).executeTakeFirst()
  if (row?.state === 'pending') return once(`settle ${id}`, () => pollPending(deps, row))
  return requestView(db, id)
}

export async function unresolvedRequests(db: Kysely<PaymentsDatabase>): Promise<PaymentRequestView[]> {
  const rows = await db.selectFrom('payment_requests').select('id').where('state', 'in', ['sending', 'unknown']).orderBy('created_at').execute()
  return Promise.all(rows.map((r) => requestView(db, r.id)))
}

const REFERENCE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A reference no payment or request on this computer has: PH-YYMMDD-XXXX (fits Amex's 30). */
export async function suggestReference(db: Kysely<PaymentsDatabase>, now: Date): Promise<string> {
  const day = now.toISOString().slice(2, 10).replaceAll('-', '')
  for (;;) {
    const code = Array.from({ length: 4 }, () => REFERENCE_LETTERS[randomInt(REFERENCE_LETTERS.length)]).join('')
    const reference = `PH-${day}-${code}`
    const taken = (await db.selectFrom('payment_requests').select('id').where('reference', '=', reference).executeTakeFirst()) ?? (await db.selectFrom('payments').select('id').where('reference', '=', reference).executeTakeFirst())
    if (!taken) return reference
  }
}
