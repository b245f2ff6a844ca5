import { CheckoutError } from '../checkout/errors'
import { AppError } from '../errors'
import { runPaymentAction } from '../payments/payment-actions'
import { loadPaymentDetail } from '../payments/payment-detail'
import { refreshPayment } from '../payments/refresh-payment'
import { decodeCursor, encodeCursor, listPayments, paymentTotals } from '../store/payments-query'
import type { Handlers } from './context'

export const paymentsHandlers = {
  /** A single payment's refresh from Checkout.com: its details and actions, stored at once. */
  'payments.refresh': async (ctx, { id }) => {
    try {
      const { row, actions } = await refreshPayment(ctx, id)
      return { id, status: row.status, amount: row.amount, currency: row.currency, capturedAmount: row.captured_amount as number, refundedAmount: row.refunded_amount as number, actions: actions.length }
    } catch (error) {
      if (error instanceof CheckoutError) throw new AppError(error.code === 'not_found' ? 'not_found' : 'upstream', error.message)
      throw error
    }
  },
} satisfies Partial<Handlers>

export const paymentListHandlers = {
  'payments.list': async (ctx, input) => {
    const cursor = input.cursor ? decodeCursor(input.cursor) : null
    if (input.cursor && !cursor) throw new AppError('invalid_input', 'The page cursor is not one Paydesk made; start from the first page.')
    const page = await listPayments(ctx.db, input.filter, input.sort, cursor, input.limit)
    return { rows: page.rows, next: page.next ? encodeCursor(page.next) : null }
  },
  'payments.totals': async (ctx, input) => paymentTotals(ctx.db, input.filter),
  'payments.get': async (ctx, input) => loadPaymentDetail(ctx.db, input.id),
  'payments.capture': async (ctx, input) => runPaymentAction(ctx, 'capture', input),
  'payments.refund': async (ctx, input) => runPaymentAction(ctx, 'refund', input),
  'payments.void': async (ctx, input) => runPaymentAction(ctx, 'void', input),
  'payments.export.start': async (ctx, input) => {
    const file = await ctx.chooseExportFile(`paydesk-payments-${ctx.clock().toISOString().slice(0, 10)}.csv`)
    if (!file) return ctx.exports.status()
    return ctx.exports.start(input.filter, input.sort, file)
  },
  'payments.export.status': async (ctx) => ctx.exports.status(),
  'payments.export.cancel': async (ctx) => ctx.exports.cancel(),
} satisfies Partial<Handlers>
