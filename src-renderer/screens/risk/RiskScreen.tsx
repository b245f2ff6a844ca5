import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { PaymentDetail, RiskQueueRow } from '../../../src-main/contract'
import { ActionDialog } from '../payment-detail/ActionDialog'
import type { ActionKind } from '../payment-detail/action-amount'
import { ErrorAlert } from '../../components/ErrorAlert'
import { StatusBadge } from '../../components/StatusBadge'
import { call } from '../../lib/api'
import { formatDateTime, formatInstant, formatMoney } from '../../lib/format'
import { queryClient } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'

const VERDICTS = [
  ['legitimate', 'Legitimate'],
  ['fraud', 'Fraud'],
  ['follow_up', 'Follow up'],
] as const
type Show = 'open' | 'reviewed' | 'all'

/** Payments to look at: flagged by Checkout.com's risk checks or declined for risk, reviewed one by one. */
export default function RiskScreen() {
  const zone = useTimeZone()
  const [params, setParams] = useSearchParams()
  const show = (['open', 'reviewed', 'all'].includes(params.get('show') ?? '') ? params.get('show') : 'open') as Show
  const query = useInfiniteQuery({
    queryKey: ['risk.queue', { show }],
    queryFn: ({ pageParam }) => call('risk.queue', { show, cursor: pageParam, limit: 100 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  })
  const rows = query.data?.pages.flatMap((p) => p.rows) ?? []
  const counts = query.data?.pages[0]?.counts
  const [problem, setProblem] = useState<string | null>(null)
  const review = async (row: RiskQueueRow, verdict: (typeof VERDICTS)[number][0] | null, note: string | null) => {
    setProblem(null)
    try {
      await call('risk.review', { paymentId: row.id, verdict, note })
      await queryClient.invalidateQueries({ queryKey: ['risk.queue'] })
    } catch (e) {
      setProblem((e as Error).message)
    }
  }
  const tab = (value: Show, label: string, count?: number) => (
    <button type="button" role="tab" aria-selected={show === value} className={show === value ? 'tab selected' : 'tab'} onClick={() => setParams(value === 'open' ? {} : { show: value })}>
      {label} {count !== undefined && <span className="tab-count num">{count.toLocaleString()}</span>}
    </button>
  )
  return (
    <section className="screen wide risk" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Flagged payments</h1>
        <p className="subtitle">Payments Checkout.com flagged as risky and payments declined for risk (4xxxx codes), newest first. Mark each one; void an authorisation or refund a capture from here, or open the payment.</p>
      </header>
      <div className="status-tabs" role="tablist" aria-label="Review state">
        {tab('open', 'To review', counts?.open)}
        {tab('reviewed', 'Reviewed', counts?.reviewed)}
        {tab('all', 'All', counts ? counts.open + counts.reviewed : undefined)}
      </div>
      <ErrorAlert error={problem ?? (query.error as Error | null)?.message ?? null} />
      <section className="card" aria-label="Risk queue">
        <table className="fees risk-queue">
          <thead>
            <tr>
              <th>Date ({zone.split('/').at(-1)!.replaceAll('_', ' ')})</th>
              <th className="num">Amount</th>
              <th>Status</th>
              <th>Why here</th>
              <th>Customer</th>
              <th title="The card's issuing country against the billing address's country">Card / billing</th>
              <th>AVS / CVV</th>
              <th>3-D Secure</th>
              <th>Review</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <RiskRow key={row.id} row={row} zone={zone} onReview={review} />
            ))}
            {query.isSuccess && rows.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">
                  {show === 'open' ? 'Nothing to review: every flagged or risk-declined payment on this computer has been looked at.' : 'No payments here.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {query.hasNextPage && (
          <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        )}
      </section>
    </section>
  )
}

function RiskRow({ row, zone, onReview }: { row: RiskQueueRow; zone: string; onReview(row: RiskQueueRow, verdict: (typeof VERDICTS)[number][0] | null, note: string | null): Promise<void> }) {
  const [note, setNote] = useState('')
  // Void or refund from the queue, through the payment's own dialog, on a copy read fresh from Checkout.com.
  const [action, setAction] = useState<{ kind: ActionKind; detail: PaymentDetail } | null>(null)
  const [actionProblem, setActionProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const start = async (kind: ActionKind) => {
    setActionProblem(null)
    setDone(null)
    try {
      const detail = await call('payments.refresh', { id: row.id })
      if ((kind === 'void' && !detail.allowed.void) || (kind === 'refund' && detail.allowed.refund <= 0)) setActionProblem(kind === 'void' ? `Nothing to void any more (${detail.payment.status}).` : `Nothing left to refund (${detail.payment.status}).`)
      else setAction({ kind, detail })
    } catch (e) {
      setActionProblem((e as Error).message)
    }
  }
  const canVoid = row.status === 'Authorized'
  const canRefund = ['Captured', 'Partially Captured', 'Partially Refunded'].includes(row.status)
  const mismatch = row.issuer_country && row.billing_country && row.issuer_country !== row.billing_country
  return (
    <tr data-id={row.id}>
      <td>
        <Link to={`/payments/${row.id}`}>{formatDateTime(row.created_at, zone)}</Link>
      </td>
      <td className="num">{formatMoney(row.amount, row.currency)}</td>
      <td>
        <StatusBadge status={row.status as never} />
      </td>
      <td>
        {row.risk_flagged ? <span className="flag">Flagged</span> : null}
        {row.response_code?.startsWith('4') && (
          <span title={row.response_summary ?? undefined}>
            {' '}
            <code>{row.response_code}</code> {row.response_summary}
          </span>
        )}
        {row.risk_score !== null && <div className="muted small">score {row.risk_score}</div>}
      </td>
      <td className="email-cell">{row.customer_name ?? row.customer_email ?? '—'}</td>
      <td className={mismatch ? 'bad' : ''} title={mismatch ? 'The card was issued in another country than the billing address' : undefined}>
        {row.issuer_country ?? '?'} / {row.billing_country ?? '?'}
      </td>
      <td>
        {row.avs_check ?? '—'} / {row.cvv_check ?? '—'}
      </td>
      <td>{row.three_ds ?? 'not used'}</td>
      <td className="review-cell">
        {(canVoid || canRefund || done || actionProblem) && (
          <div className="queue-actions">
            {canVoid && (
              <button type="button" className="small danger" onClick={() => void start('void')}>
                Void…
              </button>
            )}
            {canRefund && (
              <button type="button" className="small" onClick={() => void start('refund')}>
                Refund…
              </button>
            )}
            {actionProblem && <span className="bad small">{actionProblem}</span>}
            {done && <span className="small ok-text">{done}</span>}
          </div>
        )}
        {action && (
          <ActionDialog
            kind={action.kind}
            detail={action.detail}
            onClose={() => setAction(null)}
            onDone={(next) => {
              setAction(null)
              setDone(`${action.kind === 'void' ? 'Voided' : 'Refund accepted'}: now ${next.payment.status}.`)
              void queryClient.invalidateQueries({ queryKey: ['risk.queue'] })
            }}
          />
        )}
        {row.review ? (
          <span title={`${row.review.by}, ${formatInstant(row.review.at, zone)}`}>
            <strong>{VERDICTS.find(([v]) => v === row.review!.verdict)?.[1]}</strong>
            {row.review.note ? `: ${row.review.note}` : ''}{' '}
            <button type="button" className="link small" onClick={() => void onReview(row, null, null)}>
              Undo
            </button>
          </span>
        ) : (
          <span className="review-actions">
            <input aria-label={`Note on ${row.id}`} placeholder="Note (optional)" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            {VERDICTS.map(([verdict, label]) => (
              <button key={verdict} type="button" className="small" onClick={() => void onReview(row, verdict, note.trim() || null)}>
                {label}
              </button>
            ))}
          </span>
        )}
      </td>
    </tr>
  )
}
