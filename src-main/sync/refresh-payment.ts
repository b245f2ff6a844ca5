import type { CheckoutClient } from '../checkout/client'
import type { PaymentsStore } from '../store/payments-store'
import { actionRows, paymentRow } from './payment-rows'

/** Fetches one payment and its actions from Checkout.com and stores them in one transaction. */
export async function refreshPayment(deps: { client: CheckoutClient; store: PaymentsStore; clock: () => Date }, id: string) {
  const details = await deps.client.getPayment(id)
  const actions = details.actions?.length ? await deps.client.getPaymentActions(id) : []
  const fetchedAt = deps.clock().toISOString()
  const { writer } = deps.store
  const row = paymentRow(details, actions, fetchedAt)
  writer.transaction(() => {
    writer.upsertPayment(row)
    for (const action of actionRows(details.id, details.currency, actions, undefined, fetchedAt)) writer.upsertAction(action)
  })
  return { row, actions }
}
