import { sql } from 'kysely'
import { CheckoutError } from '../checkout/errors'
import { AppError } from '../errors'
import { createPaymentWriter } from '../store/payments-repo'
import { actionRows, paymentRow } from '../sync/payment-rows'
import type { Handlers } from './context'

export const paymentsHandlers = {
  'payments.overview': async (ctx) => {
    const totals = await ctx.db
      .selectFrom('payments')
      .select(['currency', sql<number>`count(*)`.as('count'), sql<number>`coalesce(sum(case when approved = 1 then amount else 0 end), 0)`.as('amount')])
      .groupBy('currency')
      .orderBy('currency')
      .execute()
    const newest = await ctx.db.selectFrom('payments').select('created_at').orderBy('created_at', 'desc').limit(1).executeTakeFirst()
    return { count: totals.reduce((n, t) => n + t.count, 0), newest: newest?.created_at ?? null, grossByCurrency: totals }
  },

  /** A single payment's refresh from Checkout.com: its details and actions, stored at once. */
  'payments.refresh': async (ctx, { id }) => {
    const client = await ctx.checkout.client()
    try {
      const details = await client.getPayment(id)
      const actions = details.actions?.length ? await client.getPaymentActions(id) : []
      const fetchedAt = ctx.clock().toISOString()
      const writer = createPaymentWriter(ctx.sqlite)
      const row = paymentRow(details, actions, fetchedAt)
      writer.transaction(() => {
        writer.upsertPayment(row)
        for (const action of actionRows(details.id, details.currency, actions, undefined, fetchedAt)) writer.upsertAction(action)
      })
      return { id, status: row.status, amount: row.amount, currency: row.currency, capturedAmount: row.captured_amount as number, refundedAmount: row.refunded_amount as number, actions: actions.length }
    } catch (error) {
      if (error instanceof CheckoutError) throw new AppError(error.code === 'not_found' ? 'not_found' : 'upstream', error.message)
      throw error
    }
  },
} satisfies Partial<Handlers>
