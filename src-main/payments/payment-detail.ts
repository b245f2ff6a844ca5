import type { Kysely } from 'kysely'
import type { PaymentDetail } from '../contract'
import { AppError } from '../errors'
import type { Database } from '../store/schema'

/** Everything the detail screen shows, from the store (no network). */
export async function loadPaymentDetail(db: Kysely<Database>, id: string): Promise<PaymentDetail> {
  const payment = await db
    .selectFrom('payments')
    .select(['id', 'created_at', 'processed_at', 'amount', 'currency', 'status', 'approved', 'response_code', 'response_summary', 'scheme', 'card_type', 'bin', 'last4', 'issuer_country', 'avs_check', 'cvv_check', 'risk_flagged', 'reference', 'customer_id', 'customer_email', 'source_id', 'payment_type', 'auth_code', 'captured_amount', 'refunded_amount', 'raw_json', 'fetched_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!payment) throw new AppError('not_found', `There is no payment ${id} on this computer. Sync, or check the id.`)
  const actions = await db
    .selectFrom('payment_actions')
    .select(['id', 'type', 'amount', 'approved', 'response_code', 'response_summary', 'processed_at', 'reference', 'gross_amount', 'fee_amount'])
    .where('payment_id', '=', id)
    .orderBy('processed_at')
    .orderBy('id')
    .execute()
  const log = await db
    .selectFrom('payment_action_log')
    .select(['kind', 'amount', 'reference', 'requested_at', 'requested_by', 'outcome', 'error'])
    .where('payment_id', '=', id)
    .orderBy('requested_at', 'desc')
    .execute()
  const { raw_json, ...row } = payment
  const raw = JSON.parse(raw_json) as Record<string, unknown>
  return { payment: row, raw, actions, log, allowed: allowedActions(raw) }
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
