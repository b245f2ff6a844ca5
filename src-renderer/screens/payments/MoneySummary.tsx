import type { PaymentTotals } from '../../../src-main/contract'
import { formatMoney } from '../../lib/format'

const COLUMNS = [
  ['Payments', 'Every payment in the filter, whatever its outcome'],
  ['Approved', 'Payments the issuer approved'],
  ['Authorised', 'What the approved payments authorised'],
  ['Captured', 'What was captured from them (taken from the cardholder)'],
  ['Refunded', 'What was refunded of it'],
  ['Fees', 'Fees Checkout.com has reported for these payments so far'],
  ['Net', 'Captured less refunded less the fees reported'],
] as const

/**
 * The filtered set's money, one row per currency (amounts in different currencies are never
 * added together): what finance reads to close a day.
 */
export function MoneySummary({ totals, period, timeZone }: { totals: PaymentTotals; period: string; timeZone: string }) {
  return (
    <section className="card money" aria-label="Money in this list">
      <table className="fees money-table">
        <caption>
          Payments requested {period} ({timeZone}), in each payment&apos;s own currency. Fees are what Checkout.com has reported so far; net is complete when every captured payment has them.
        </caption>
        <thead>
          <tr>
            <th>Currency</th>
            {COLUMNS.map(([label, hint]) => (
              <th key={label} className="num" title={hint}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {totals.byCurrency.map((c) => (
            <tr key={c.currency} data-currency={c.currency}>
              <th scope="row">{c.currency}</th>
              <td className="num">{c.count.toLocaleString()}</td>
              <td className="num">{c.approvedCount.toLocaleString()}</td>
              <td className="num">{formatMoney(c.authorised, c.currency)}</td>
              <td className="num">{formatMoney(c.captured, c.currency)}</td>
              <td className="num">{formatMoney(c.refunded, c.currency)}</td>
              <td className="num" title={`Reported for ${c.feesReported.toLocaleString()} of these payments`}>
                {formatMoney(c.fees, c.currency)}
                <small className="muted"> ({c.feesReported.toLocaleString()} reported)</small>
              </td>
              <td className="num">
                <strong>{formatMoney(c.net, c.currency)}</strong>
              </td>
            </tr>
          ))}
          {totals.byCurrency.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length + 1} className="muted">
                No payments in this filter.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  )
}
