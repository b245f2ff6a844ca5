import { useState } from 'react'
import { Link } from 'react-router'
import type { DayReconciliation } from '../../../src-main/contract'
import { call } from '../../lib/api'
import { useCall } from '../../lib/queries'
import { formatInstant, formatMoney } from '../../lib/format'
import { RULE_LABELS, STATE_LABELS } from './labels'

const money = (minor: number | null, currency: string) => (minor === null ? '—' : formatMoney(minor, currency))

export function DayBadge({ data }: { data: DayReconciliation }) {
  const label = data.state === 'closed' ? `Closed by ${data.closed?.by}` : data.state === 'balanced' ? 'Balanced: ready to close' : 'Open: differences to explain'
  return <span className={`badge ${data.state === 'closed' ? 'muted' : data.state === 'balanced' ? 'ok' : 'warn'} day-state`}>{label}</span>
}

/** The day's money per currency: amounts in different currencies are never added together. */
export function Summary({ data }: { data: DayReconciliation }) {
  return (
    <section className="card" aria-label="Day summary">
      <table className="fees money-table">
        <caption>
          Orders dated and payments requested on this day ({data.timeZone}), in each currency. Fees are those Checkout.com has reported; paid out is the part already in a payout. Unexplained must be 0 to close the day.
        </caption>
        <thead>
          <tr>
            <th>Currency</th>
            <th className="num">Orders</th>
            <th className="num">Orders total</th>
            <th className="num">Authorised</th>
            <th className="num">Captured</th>
            <th className="num">Refunded</th>
            <th className="num">Fees</th>
            <th className="num">Net</th>
            <th className="num">Paid out</th>
            <th className="num">Unexplained</th>
          </tr>
        </thead>
        <tbody>
          {data.summary.map((s) => {
            const fees = s.fees.reduce((t, f) => t + f.amount, 0)
            return (
              <tr key={s.currency} data-currency={s.currency}>
                <th scope="row">{s.currency}</th>
                <td className="num">{s.orders.toLocaleString()}</td>
                <td className="num">{money(s.ordersTotal, s.currency)}</td>
                <td className="num">{money(s.authorised, s.currency)}</td>
                <td className="num">{money(s.captured, s.currency)}</td>
                <td className="num">{money(s.refunded, s.currency)}</td>
                <td className="num" title={s.fees.map((f) => `${f.type}: ${formatMoney(f.amount, s.currency)}`).join('\n') || 'No fees reported yet'}>
                  {money(fees, s.currency)}
                </td>
                <td className="num">{money(s.net, s.currency)}</td>
                <td className="num">{money(s.paidOut, s.currency)}</td>
                <td className={`num ${s.unexplained !== 0 ? 'bad' : ''}`}>
                  <strong>{money(s.unexplained, s.currency)}</strong>
                </td>
              </tr>
            )
          })}
          {data.summary.length === 0 && (
            <tr>
              <td colSpan={10} className="muted">
                No orders or payments on this day. Import the shop&apos;s orders, or sync.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {data.summary.some((s) => s.fees.length > 0) && (
        <ul className="fee-types" aria-label="Fees by type">
          {data.summary
            .filter((s) => s.fees.length > 0)
            .map((s) => (
              <li key={s.currency}>
                <strong>{s.currency} fees:</strong> {s.fees.map((f) => `${f.type} ${formatMoney(f.amount, s.currency)}`).join(' · ')}
              </li>
            ))}
        </ul>
      )}
    </section>
  )
}

/** The lines, differences first: each with what was expected, what Checkout.com has, and what to do. */
export function Lines({ data, day, zone, onAct }: { data: DayReconciliation; day: string; zone: string; onAct(work: () => Promise<unknown>): Promise<void> }) {
  const [editing, setEditing] = useState<{ key: string; note: string } | null>(null)
  const [linking, setLinking] = useState<{ key: string; orderId: string; paymentId: string } | null>(null)
  const locked = data.state === 'closed'
  return (
    <section className="card" aria-label="Lines">
      <table className="fees recon-lines">
        <thead>
          <tr>
            <th>State</th>
            <th>Order</th>
            <th className="num">Expected</th>
            <th className="num" title="The money Checkout.com has for it: captured less refunded (an authorisation alone is not money)">Received</th>
            <th className="num">Difference</th>
            <th>Payments</th>
            <th>Explanation</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((line) => (
            <tr key={line.key} data-key={line.key} className={line.state === 'matched' ? '' : line.state === 'captured_not_paid_out' ? 'pending' : line.explanation ? 'explained' : 'problem'}>
              <td>
                <span className={`badge ${line.state === 'matched' ? 'ok' : line.state === 'captured_not_paid_out' ? 'info' : line.explanation ? 'muted' : 'warn'}`}>{STATE_LABELS[line.state]}</span>
                {line.rule && <div className="muted small">{RULE_LABELS[line.rule]}</div>}
              </td>
              <td>{line.orderIds[0] ? <OrderCell id={line.orderIds[0]} reference={line.reference ?? '—'} zone={zone} /> : (line.reference ?? '—')}</td>
              <td className="num">{money(line.expected, line.currency)}</td>
              <td className="num">
                {money(line.actual, line.currency)}
                {line.paidInOther?.map((p) => (
                  <div key={p.currency} className="paid-other">
                    {formatMoney(p.amount, p.currency)} <span className="muted small">in {p.currency}</span>
                  </div>
                ))}
              </td>
              <td className={`num ${line.difference !== 0 ? 'bad' : ''}`}>
                {line.difference === 0 ? '—' : formatMoney(line.difference, line.currency)}
                {line.paidInOther?.map((p) => (
                  // Nothing was expected in that currency: all of it is a difference there.
                  <div key={p.currency}>{`${p.amount > 0 ? '+' : ''}${formatMoney(p.amount, p.currency)}`}</div>
                ))}
              </td>
              <td>
                {line.paymentIds.map((id) => (
                  <div key={id} className="line-payment">
                    <Link to={`/payments/${id}`} title={id}>
                      <code>{id}</code>
                    </Link>
                    {line.orderIds[0] && !locked && (
                      <button type="button" className="link small" title="This payment is not for this order" onClick={() => void onAct(() => call('recon.unlink', { day, orderId: line.orderIds[0]!, paymentId: id }))}>
                        Unlink
                      </button>
                    )}
                  </div>
                ))}
                {line.orderIds[0] && line.paymentIds.length === 0 && !locked && (
                  linking?.key === line.key ? (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault()
                        void onAct(() => call('recon.link', { day, orderId: linking.orderId, paymentId: linking.paymentId.trim() })).then(() => setLinking(null))
                      }}
                    >
                      <input aria-label="Payment id to link" placeholder="pay_…" value={linking.paymentId} onChange={(e) => setLinking({ ...linking, paymentId: e.target.value })} />
                      <button type="submit">Link</button>
                    </form>
                  ) : (
                    <button type="button" className="link small" onClick={() => setLinking({ key: line.key, orderId: line.orderIds[0]!, paymentId: '' })}>
                      Link a payment…
                    </button>
                  )
                )}
                {line.payoutIds.map((id) => (
                  <div key={id} className="muted">
                    payout <code>{id}</code>
                  </div>
                ))}
              </td>
              <td>
                {editing?.key === line.key ? (
                  <form
                    className="inline-form"
                    onSubmit={(e) => {
                      e.preventDefault()
                      void onAct(() => call('recon.explain', { day, lineKey: line.key, note: editing.note })).then(() => setEditing(null))
                    }}
                  >
                    <input aria-label="Explanation" autoFocus value={editing.note} maxLength={500} onChange={(e) => setEditing({ ...editing, note: e.target.value })} placeholder="Why this difference is fine" />
                    <button type="submit" disabled={editing.note.trim().length < 3}>
                      Save
                    </button>
                  </form>
                ) : line.explanation ? (
                  <span title={`${line.explanation.by}, ${formatInstant(line.explanation.at, zone)}`}>
                    {line.explanation.note}{' '}
                    {!locked && (
                      <button type="button" className="link small" onClick={() => setEditing({ key: line.key, note: line.explanation!.note })}>
                        Edit
                      </button>
                    )}
                  </span>
                ) : line.state !== 'matched' && line.state !== 'captured_not_paid_out' && !locked ? (
                  <button type="button" className="link small" onClick={() => setEditing({ key: line.key, note: '' })}>
                    Explain…
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.lines.length < Object.values(data.counts).reduce((a, b) => a + b, 0) && <p className="muted">Showing the first {data.lines.length.toLocaleString()} lines: choose a state above, or export the day for all of them.</p>}
    </section>
  )
}

/** Each payout that carried the day's payments, against what its lines add up to. */
export function Payouts({ data }: { data: DayReconciliation }) {
  if (data.payouts.length === 0) return null
  return (
    <section className="card" aria-label="Payouts">
      <h2>Payouts carrying this day&apos;s payments</h2>
      <table className="fees">
        <thead>
          <tr>
            <th>Payout</th>
            <th>Date</th>
            <th className="num">Paid</th>
            <th className="num">Its lines add up to</th>
            <th className="num">Difference</th>
          </tr>
        </thead>
        <tbody>
          {data.payouts.map((p) => (
            <tr key={p.id}>
              <td>
                <PayoutCell id={p.id} />
              </td>
              <td>{p.payoutDate.slice(0, 10)}</td>
              <td className="num">{formatMoney(p.amount, p.currency)}</td>
              <td className="num">{formatMoney(p.lines, p.currency)}</td>
              <td className={`num ${p.difference ? 'bad' : ''}`}>{p.difference ? formatMoney(p.difference, p.currency) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** An order's reference that opens what the shop's file said about it. */
function OrderCell({ id, reference, zone }: { id: string; reference: string; zone: string }) {
  const [open, setOpen] = useState(false)
  const { data } = useCall('recon.order', { id }, { enabled: open })
  return (
    <span className="drill">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {reference}
      </button>
      {open && data && (
        <span className="drill-panel" role="note">
          {formatMoney(data.amount, data.currency)} · {formatInstant(data.orderedAt, zone)}
          {data.customer ? ` · ${data.customer}` : ''}
          {data.status ? ` · ${data.status}` : ''}
          <br />
          <span className="muted">
            {data.fileName}, line {data.line}
          </span>
        </span>
      )}
    </span>
  )
}

/** A payout id that opens the actions in it: gross, fees and net of each, in the holding currency. */
function PayoutCell({ id }: { id: string }) {
  const [open, setOpen] = useState(false)
  const { data } = useCall('recon.payout', { id }, { enabled: open })
  return (
    <div className="drill">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        <code>{id}</code> {open ? '▴' : '▾'}
      </button>
      {open && data && (
        <table className="fees payout-actions">
          <thead>
            <tr>
              <th>Payment</th>
              <th>Action</th>
              <th className="num">Gross</th>
              <th className="num">Fees</th>
              <th className="num">Net</th>
            </tr>
          </thead>
          <tbody>
            {data.actions.map((a) => (
              <tr key={a.actionId}>
                <td>
                  <Link to={`/payments/${a.paymentId}`}>
                    <code>{a.paymentId}</code>
                  </Link>
                </td>
                <td>{a.actionType}</td>
                <td className="num">{formatMoney(a.gross, data.payout.currency)}</td>
                <td className="num">{formatMoney(a.fees, data.payout.currency)}</td>
                <td className="num">{formatMoney(a.net, data.payout.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
