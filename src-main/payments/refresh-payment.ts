import type { HandlerContext } from '../handlers/context'
import { createPaymentWriter } from '../store/payments-repo'
import { actionRows, paymentRow } from '../sync/payment-rows'

/** Fetches one payment and its actions from Checkout.com and stores them in one transaction. */
export async function refreshPayment(ctx: HandlerContext, id: string) {
  const client = await ctx.checkout.client()
  const details = await client.getPayment(id)
  const actions = details.actions?.length ? await client.getPaymentActions(id) : []
  const fetchedAt = ctx.clock().toISOString()
  const writer = createPaymentWriter(ctx.sqlite)
  const row = paymentRow(details, actions, fetchedAt)
  writer.transaction(() => {
    writer.upsertPayment(row)
    for (const action of actionRows(details.id, details.currency, actions, undefined, fetchedAt)) writer.upsertAction(action)
  })
  return { row, actions }
}
