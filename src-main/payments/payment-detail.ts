import type { Kysely } from 'kysely'
import { AppError } from '../contract/errors'
import { ACTION_LOG_VIEW_COLUMNS, PAYMENT_ACTION_VIEW_COLUMNS, PAYMENT_DETAIL_COLUMNS } from '../store/payment-records'
import type { PaymentsDatabase } from '../store/payments-database'
import type { PaymentDetail } from './contract'

/** Everything the detail screen shows, from the store (no network). */
export async function loadPaymentDetail(db: Kysely<PaymentsDatabase>, id: string, stale: string | null = null): Promise<PaymentDetail> {
  const payment = await db
    .selectFrom('payments')
    .select([...PAYMENT_DETAIL_COLUMNS, 'raw_json'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!payment) throw new AppError('not_found', `There is no payment ${id} on this computer. Sync, or check the id.`)
  const actions = await db.selectFrom('payment_actions').select(PAYMENT_ACTION_VIEW_COLUMNS).where('payment_id', '=', id).orderBy('processed_at').orderBy('id').execute()
  const log = await db.selectFrom('payment_action_log').select(ACTION_LOG_VIEW_COLUMNS).where('payment_id', '=', id).orderBy('requested_at', 'desc').execute()
  const { raw_json, ...row } = payment
  const raw = JSON.parse(raw_json) as Record<string, unknown>
  return { payment: row, raw, actions, log, allowed: allowedActions(raw), stale }
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
