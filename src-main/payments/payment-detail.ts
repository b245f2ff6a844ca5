import type { Kysely } from 'kysely'
import { microToMinor } from '../checkout/decimal-amount'
import { AppError } from '../contract/errors'
import { ACTION_LOG_VIEW_COLUMNS, PAYMENT_ACTION_VIEW_COLUMNS, PAYMENT_DETAIL_COLUMNS } from '../store/payment-records'
import type { PaymentsDatabase } from '../store/payments-database'
import type { PaymentDetail } from './contract'

const LIFECYCLE = ['Card Verification', 'Authorization', 'Capture', 'Refund', 'Void']
/** An action type's place in a payment's life (unknown types last). */
const rank = (type: string) => LIFECYCLE.indexOf(type) >>> 0

/** Everything the detail screen shows, from the store (no network). */
export async function loadPaymentDetail(db: Kysely<PaymentsDatabase>, id: string, stale: string | null = null): Promise<PaymentDetail> {
  const payment = await db
    .selectFrom('payments')
    .select([...PAYMENT_DETAIL_COLUMNS, 'raw_json'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!payment) throw new AppError('not_found', `There is no payment ${id} on this computer. Sync, or check the id.`)
  const actions = await db.selectFrom('payment_actions').select(PAYMENT_ACTION_VIEW_COLUMNS).where('payment_id', '=', id).execute()
  // By time, then by lifecycle: an authorisation and its automatic capture in one second read in that order.
  actions.sort((a, b) => a.processed_at.localeCompare(b.processed_at) || rank(a.type) - rank(b.type) || a.id.localeCompare(b.id))
  const lines = await db.selectFrom('fee_lines').selectAll().where('payment_id', '=', id).execute()
  // In the order the money moved: by time, then by lifecycle within a second, the gross first.
  lines.sort((a, b) => a.processed_at.localeCompare(b.processed_at) || rank(a.action_type) - rank(b.action_type) || a.action_id.localeCompare(b.action_id) || Number(b.breakdown_type === 'Gross') - Number(a.breakdown_type === 'Gross') || a.breakdown_type.localeCompare(b.breakdown_type))
  const fees = lines.map((l) => ({
    action_id: l.action_id,
    breakdown_type: l.breakdown_type,
    fee_detail: l.fee_detail,
    processing_currency: l.processing_currency,
    processing_amount: microToMinor(l.processing_micro),
    holding_currency: l.holding_currency,
    holding_amount: microToMinor(l.holding_micro),
    payout_id: l.payout_id,
    source: l.source,
  }))
  // Oldest first, as the timeline reads.
  const log = await db.selectFrom('payment_action_log').select(ACTION_LOG_VIEW_COLUMNS).where('payment_id', '=', id).orderBy('requested_at').orderBy('id').execute()
  const { raw_json, ...row } = payment
  const raw = JSON.parse(raw_json) as Record<string, unknown>
  const unresolved = log.filter((entry) => entry.outcome === 'unknown').map(({ kind, amount, requested_at, requested_by, error, confirm_resend }) => ({ kind, amount, requested_at, requested_by, error, confirm_resend }))
  const allowed = unresolved.length ? { capture: 0, refund: 0, void: false } : allowedActions(raw)
  return { payment: row, raw, actions, log, fees, unresolved, allowed, stale }
}

/** What the payment's balances allow now (the API's state rules, as Checkout.com reports them). */
export function allowedActions(raw: Record<string, unknown>): PaymentDetail['allowed'] {
  const balances = (raw.balances ?? {}) as Record<string, number | undefined>
  return {
    capture: balances.available_to_capture ?? 0,
    refund: balances.available_to_refund ?? 0,
    void: (balances.available_to_void ?? 0) > 0,
  }
}
