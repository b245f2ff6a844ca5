import type { CheckoutClient } from '../checkout/client'
import { decimalToMicro } from '../checkout/decimal-amount'
import type { FinancialAction } from '../checkout/schemas'
import type { PaymentsStore } from '../store/payments-store'
import type { FeeLineRecord } from '../store/settlement-records'
import { actionRows, addFeeLine, paymentRow } from './payment-rows'

// One payment, fresh from Checkout.com, when a person opens it or acts on it: its details and
// actions, and on the current platform its fee lines from /financial-actions when an approved
// action has none yet (newer than the last report). Stored in one transaction.

/** Actions that move money: one without a fee line asks /financial-actions (authorisations may have no fee at all). */
const MONEY_ACTIONS = new Set(['Capture', 'Refund'])

export function financialActionLines(actions: FinancialAction[], fetchedAt: string): FeeLineRecord[] {
  const lines = new Map<string, FeeLineRecord>()
  for (const action of actions) {
    for (const b of action.breakdown) {
      const line: FeeLineRecord = {
        action_id: action.action_id,
        payment_id: action.payment_id,
        action_type: action.action_type,
        breakdown_type: b.breakdown_type,
        fee_detail: b.fee_detail ?? '',
        processed_at: new Date(action.processed_on).toISOString(),
        processing_currency: b.processing_currency,
        processing_micro: decimalToMicro(b.processing_currency_amount, b.processing_currency),
        holding_currency: b.holding_currency,
        holding_micro: decimalToMicro(b.holding_currency_amount, b.holding_currency),
        fx_rate: b.fx_rate_applied === undefined ? null : String(b.fx_rate_applied),
        payout_id: null,
        source: 'api',
        fetched_at: fetchedAt,
      }
      addFeeLine(lines, line)
    }
  }
  return [...lines.values()]
}

async function unreportedFees(deps: { client: CheckoutClient; store: PaymentsStore }, id: string, approvedMoneyActions: string[]): Promise<FinancialAction[]> {
  if (deps.client.platform !== 'current' || approvedMoneyActions.length === 0) return []
  const known = await deps.store.db.selectFrom('fee_lines').select('action_id').distinct().where('payment_id', '=', id).execute()
  const knownIds = new Set(known.map((k) => k.action_id))
  if (approvedMoneyActions.every((a) => knownIds.has(a))) return []
  const found: FinancialAction[] = []
  let page = await deps.client.financialActions(id)
  found.push(...page.data)
  while (page._links?.next?.href) {
    page = await deps.client.financialActions(id, page._links.next.href)
    found.push(...page.data)
  }
  return found
}

/** Fetches one payment, its actions and (when missing) its fees from Checkout.com and stores them in one transaction. */
export async function refreshPayment(deps: { client: CheckoutClient; store: PaymentsStore; clock: () => Date }, id: string) {
  const details = await deps.client.getPayment(id)
  const actions = details.actions?.length ? await deps.client.getPaymentActions(id) : []
  const financial = await unreportedFees(deps, id, actions.filter((a) => a.approved !== false && MONEY_ACTIONS.has(a.type)).map((a) => a.id))
  const fetchedAt = deps.clock().toISOString()
  const { writer } = deps.store
  const row = paymentRow(details, actions, fetchedAt)
  writer.transaction(() => {
    writer.upsertPayment(row)
    for (const action of actionRows(details.id, actions, fetchedAt)) writer.upsertAction(action)
    deps.store.settlement.upsertFeeLines(financialActionLines(financial, fetchedAt))
  })
  return { row, actions }
}
