import { useEffect, useState, type ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { AVS_CODES, CVV_CODES, RESPONSE_CATEGORY_LABELS as CATEGORY_LABEL, RESPONSE_CODES, responseCategory } from '../../../src-main/contract/reference'
import { CopyButton } from '../../components/CopyButton'
import { ErrorAlert } from '../../components/ErrorAlert'
import { StatusBadge } from '../../components/StatusBadge'
import { call } from '../../lib/api'
import { formatInstant, formatMoney } from '../../lib/format'
import { useTimeZone } from '../../lib/time-zone'
import { setCallData, useCall } from '../../lib/queries'
import { ActionDialog } from './ActionDialog'
import type { ActionKind } from './action-amount'

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  )
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card group" aria-label={title}>
      <h2>{title}</h2>
      <dl>{children}</dl>
    </section>
  )
}

const get = (raw: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), raw)
const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value))

/** An id in code type with its copy button. */
function Id({ value, what }: { value: string | null | undefined; what: string }) {
  if (!value) return null
  return (
    <span className="id">
      <code>{value}</code> <CopyButton text={value} what={what} />
    </span>
  )
}

/** The billing address on the card, one line per part as a letter would show it. */
function address(raw: Record<string, unknown>): string[] | undefined {
  const a = get(raw, 'source.billing_address') as Record<string, unknown> | undefined
  if (!a) return undefined
  const lines = [a.address_line1, a.address_line2, [a.city, a.state].filter(Boolean).join(', '), [a.zip, a.country].filter(Boolean).join(' ')].map(text).filter((l): l is string => Boolean(l))
  return lines.length ? lines : undefined
}

const THREE_DS_RESULT: Record<string, string> = { Y: 'authenticated', N: 'not authenticated', U: 'could not be authenticated', A: 'attempted (proof of attempt)', C: 'challenge required', R: 'rejected by the issuer', I: 'informational only' }

/** The 3-D Secure outcome in words, from the payment's 3ds object. */
function threeDs(raw: Record<string, unknown>): string {
  const d = get(raw, '3ds') as Record<string, unknown> | undefined
  if (!d) return 'Not used'
  const parts = [
    d.enrolled !== undefined ? `enrolled ${text(d.enrolled)}` : null,
    d.authentication_response !== undefined ? `result ${text(d.authentication_response)} (${THREE_DS_RESULT[String(d.authentication_response)] ?? 'unknown'})` : null,
    d.version ? `version ${text(d.version)}` : null,
    d.exemption ? `exemption ${text(d.exemption)}` : null,
    d.downgraded ? 'downgraded to non-3-D Secure' : null,
  ].filter(Boolean)
  return parts.join(' · ') || 'Requested'
}

export default function PaymentDetailScreen() {
  const { id = '' } = useParams()
  // A notice belongs to one payment: another payment opens with a fresh screen.
  return <PaymentDetail key={id} id={id} />
}

function PaymentDetail({ id }: { id: string }) {
  const navigate = useNavigate()
  const zone = useTimeZone()
  const { data: detail, error } = useCall('payments.get', { id })
  const [dialog, setDialog] = useState<ActionKind | null>(null)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const [refreshing, setRefreshing] = useState(false)
  const [checked, setChecked] = useState<'checking' | 'done' | string>('checking')

  // Opening a payment reads it again from Checkout.com (its actions and, when new, its fees):
  // the stored copy shows at once, the fresh one replaces it.
  useEffect(() => {
    let live = true
    call('payments.refresh', { id })
      // An action that got no answer is asked about again at once (same request, same key).
      .then((fresh) => (fresh.unresolved.length ? call('payments.resolve', { id }) : fresh))
      .then((fresh) => {
        if (!live) return
        setCallData('payments.get', { id }, fresh)
        setChecked('done')
      })
      .catch((e: Error) => live && setChecked(e.message))
    return () => {
      live = false
    }
  }, [id])

  const refresh = async () => {
    setRefreshing(true)
    setNotice(null)
    try {
      setCallData('payments.get', { id }, await call('payments.refresh', { id }))
      setNotice({ ok: true, text: 'Refreshed from Checkout.com.' })
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message })
    } finally {
      setRefreshing(false)
    }
  }

  if (error) return <section className="screen"><ErrorAlert error={error} /><Link to="/payments">Back to payments</Link></section>
  if (!detail) return <section className="screen"><p className="subtitle">Loading…</p></section>
  const { payment: p, raw, actions, log, fees, unresolved, allowed, stale } = detail
  const held = unresolved.length > 0 ? `An earlier ${unresolved[0]!.kind} has no answer yet: check with Checkout.com first.` : undefined
  const resolve = async (confirmResend = false) => {
    setRefreshing(true)
    setNotice(null)
    try {
      const settled = await call('payments.resolve', { id, confirmResend })
      setCallData('payments.get', { id }, settled)
      if (!settled.unresolved.length) setNotice({ ok: true, text: 'Checkout.com answered; the payment below is up to date.' })
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message })
    } finally {
      setRefreshing(false)
    }
  }
  const feeOf = (actionId: string) => fees.filter((f) => f.action_id === actionId && f.breakdown_type !== 'Gross')
  const code = p.response_code
  const codeInfo = code ? RESPONSE_CODES.get(code) : undefined
  const avs = p.avs_check ? AVS_CODES.get(p.avs_check) : undefined
  const cvv = p.cvv_check ? CVV_CODES.get(p.cvv_check) : undefined
  const metadata = (raw.metadata ?? {}) as Record<string, unknown>

  return (
    <section className="screen wide" aria-labelledby="screen-title">
      <p className="crumbs">
        {/* Back keeps the list's filters (they are in the previous address). */}
        <button type="button" className="link" onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/payments'))}>
          ← Payments
        </button>
      </p>
      <header className="screen-header row">
        <div>
          <h1 id="screen-title">
            {formatMoney(p.amount, p.currency)} <StatusBadge status={p.status} />
          </h1>
          <p className="subtitle">
            <Id value={p.id} what="payment id" /> · {p.reference ?? 'no reference'} · {formatInstant(p.created_at, zone)}
          </p>
        </div>
        <div className="header-actions">
          <button type="button" className="primary" disabled={allowed.capture <= 0} title={held ?? (allowed.capture <= 0 ? `Nothing left to capture (${p.status}).` : undefined)} onClick={() => setDialog('capture')}>Capture</button>
          <button type="button" disabled={allowed.refund <= 0} title={held ?? (allowed.refund <= 0 ? `Nothing captured left to refund (${p.status}).` : undefined)} onClick={() => setDialog('refund')}>Refund</button>
          <button type="button" disabled={!allowed.void} title={held ?? (!allowed.void ? `Only an authorisation with nothing captured can be voided (${p.status}).` : undefined)} onClick={() => setDialog('void')}>Void</button>
          <button type="button" disabled={refreshing} onClick={refresh}>{refreshing ? 'Refreshing…' : 'Refresh'}</button>
        </div>
      </header>
      {notice && (notice.ok ? <p className="alert success" role="status">{notice.text}</p> : <ErrorAlert>{notice.text}</ErrorAlert>)}
      {stale && <p className="alert warning" role="status">{stale}</p>}
      {unresolved.map((u, i) =>
        u.confirm_resend ? (
          <div key={i} className="alert warning unresolved" role="alert">
            <p>
              <strong>Not found at Checkout.com:</strong> the {u.kind}
              {u.amount !== null ? ` of ${formatMoney(u.amount, p.currency)}` : ''} asked for by {u.requested_by} at {formatInstant(u.requested_at, zone)} is not among this payment’s actions at Checkout.com, and the request is over a day old: sending it again would make a new {u.kind}. Send it only if it is still wanted.
            </p>
            <div className="form-actions">
              <button type="button" className="danger" disabled={refreshing} onClick={() => void resolve(true)}>{refreshing ? 'Sending…' : `Send the ${u.kind} again`}</button>
              <button type="button" disabled={refreshing} onClick={() => void resolve()}>{refreshing ? 'Checking…' : 'Check with Checkout.com again'}</button>
            </div>
          </div>
        ) : (
          <div key={i} className="alert warning unresolved" role="alert">
            <p>
              <strong>Outcome unknown:</strong> the {u.kind}
              {u.amount !== null ? ` of ${formatMoney(u.amount, p.currency)}` : ''} asked for by {u.requested_by} at {formatInstant(u.requested_at, zone)} got no answer from Checkout.com
              {u.error ? ` (${u.error})` : ''}. It may have gone through. No other action is offered on this payment until Paydesk knows; checking reads the payment’s actions at Checkout.com first, and sends the same request again (with its idempotency key) only when it is not there, so it cannot happen twice.
            </p>
            <button type="button" className="primary" disabled={refreshing} onClick={() => void resolve()}>{refreshing ? 'Checking…' : 'Check with Checkout.com'}</button>
          </div>
        ),
      )}
      {checked === 'checking' && <p className="muted" role="status">Checking Checkout.com for changes…</p>}
      {checked !== 'checking' && checked !== 'done' && <p className="alert warning" role="status">Showing the copy stored on this computer: it could not be refreshed ({checked}).</p>}

      <div className="detail-grid">
        <Group title="Summary">
          <Field label="Status"><StatusBadge status={p.status} /></Field>
          <Field label="Amount">{formatMoney(p.amount, p.currency)}</Field>
          <Field label="Captured">{formatMoney(p.captured_amount, p.currency)}</Field>
          <Field label="Refunded">{formatMoney(p.refunded_amount, p.currency)}</Field>
          <Field label="Approved">{p.approved === null ? 'Pending' : p.approved ? 'Yes' : 'No'}</Field>
          <Field label="Response">{code ? <><code>{code}</code> {p.response_summary ?? codeInfo?.summary} <span className={`tag ${responseCategory(code)}`}>{CATEGORY_LABEL[responseCategory(code)]}</span></> : undefined}</Field>
          <Field label="Reference">{p.reference ? <Id value={p.reference} what="reference" /> : undefined}</Field>
          <Field label="Auth code">{p.auth_code}</Field>
          <Field label="Type">{p.payment_type}</Field>
          <Field label="Requested">{formatInstant(p.created_at, zone)}</Field>
          <Field label="Processed">{p.processed_at ? formatInstant(p.processed_at, zone) : undefined}</Field>
          <Field label="RRN">{text(get(raw, 'processing.retrieval_reference_number')) && <Id value={text(get(raw, 'processing.retrieval_reference_number'))} what="retrieval reference number" />}</Field>
          <Field label="Acquirer id">{text(get(raw, 'processing.acquirer_transaction_id'))}</Field>
          <Field label="Payment IP">{text(raw.payment_ip) ?? (p.payment_type === 'MOTO' ? 'None (phone order)' : undefined)}</Field>
        </Group>
        <Group title="Card">
          <Field label="Scheme">{p.scheme}</Field>
          <Field label="Type">{[p.card_type, text(get(raw, 'source.card_category'))].filter(Boolean).join(' · ') || undefined}</Field>
          <Field label="Issuer">{text(get(raw, 'source.issuer'))}</Field>
          <Field label="Country">{p.issuer_country}</Field>
          <Field label="Number">{p.bin ? `${p.bin} ···· ${p.last4 ?? ''}` : p.last4}</Field>
          <Field label="Expiry">{get(raw, 'source.expiry_month') ? `${String(get(raw, 'source.expiry_month')).padStart(2, '0')}/${text(get(raw, 'source.expiry_year'))}` : undefined}</Field>
          <Field label="Fingerprint"><code className="wrap">{text(get(raw, 'source.fingerprint'))}</code></Field>
          <Field label="Billing address">{address(raw)?.map((line, i) => <div key={i}>{line}</div>)}</Field>
        </Group>
        <Group title="Checks">
          <Field label="AVS">{p.avs_check ? <><code>{p.avs_check}</code> {avs?.meaning}</> : 'Not checked (no billing address)'}</Field>
          <Field label="CVV">{p.cvv_check ? <><code>{p.cvv_check}</code> {cvv?.meaning}</> : 'Not checked (no CVV sent)'}</Field>
        </Group>
        <Group title="Risk and 3-D Secure">
          <Field label="Risk">{p.risk_flagged ? <span className="flag">Flagged as potentially risky</span> : 'Not flagged'}</Field>
          <Field label="3-D Secure">{threeDs(raw)}</Field>
          <Field label="ECI">{text(raw.eci)}</Field>
          <Field label="Scheme id">{text(raw.scheme_id)}</Field>
        </Group>
        <Group title="Customer and source">
          <Field label="Customer">{p.customer_id ? <Id value={p.customer_id} what="customer id" /> : undefined}</Field>
          <Field label="Email">{p.customer_email ? <span className="email">{p.customer_email}</span> : undefined}</Field>
          <Field label="Name">{p.customer_name ?? text(get(raw, 'customer.name'))}</Field>
          <Field label="Saved source">{p.source_id ? <Id value={p.source_id} what="saved card id (src_)" /> : undefined}</Field>
        </Group>
        <Group title="Metadata">
          {Object.keys(metadata).length === 0 ? <Field label="—">No metadata</Field> : Object.entries(metadata).map(([k, v]) => <Field key={k} label={k}>{String(v)}</Field>)}
        </Group>
      </div>

      <section className="card" aria-label="Timeline">
        <h2>Timeline</h2>
        <ol className="timeline">
          {actions.map((a) => (
            <li key={a.id} className={a.approved === 0 ? 'declined' : ''}>
              <span className="when">{formatInstant(a.processed_at, zone)}</span>
              <strong>{a.type}</strong> {formatMoney(a.amount, p.currency)} <code>{a.response_code}</code> {a.response_summary}
              {a.reference && <span className="muted"> · {a.reference}</span>}
              {a.acquirer_reference_number && (
                <span className="muted">
                  {' '}
                  · ARN <Id value={a.acquirer_reference_number} what="acquirer reference number" />
                </span>
              )}
              {feeOf(a.id).length > 0 && <span className="muted"> · fees {formatMoney(-feeOf(a.id).reduce((s, f) => s + f.processing_amount, 0), p.currency)}</span>}
            </li>
          ))}
          {actions.length === 0 && <li className="muted">{p.status === 'Pending' ? 'No actions yet: waiting for the cardholder to complete 3-D Secure.' : p.status === 'Canceled' ? 'No actions: the cardholder did not complete 3-D Secure, so the payment was canceled.' : 'No actions recorded.'}</li>}
        </ol>
        {log.length > 0 && (
          <>
            <h3>Requested from this computer</h3>
            <ul className="timeline local">
              {log.map((entry, i) => (
                <li key={i}>
                  <span className="when">{formatInstant(entry.requested_at, zone)}</span> {entry.requested_by} asked to <strong>{entry.kind}</strong>
                  {entry.amount !== null ? ` ${formatMoney(entry.amount, p.currency)}` : ' the whole amount'}: {entry.outcome === 'unknown' ? 'no answer yet (outcome unknown)' : entry.outcome}
                  {entry.error && <span className="muted"> ({entry.error})</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-label="Fees and settlement">
        <h2>Fees and settlement</h2>
        {fees.length === 0 ? (
          <p className="muted">No fee lines yet: Checkout.com reports them in the daily Financial Actions report, or here once a capture or refund is processed.</p>
        ) : (
          <table className="fees">
            <thead>
              <tr><th>Action</th><th>Line</th><th className="num">Amount ({p.currency})</th><th className="num">Held</th><th>Payout</th></tr>
            </thead>
            <tbody>
              {fees.map((f) => (
                <tr key={`${f.action_id}|${f.breakdown_type}|${f.fee_detail}`}>
                  <td>{actions.find((a) => a.id === f.action_id)?.type ?? <code>{f.action_id}</code>}</td>
                  <td>{f.breakdown_type}{f.fee_detail && <span className="muted"> · {f.fee_detail}</span>}</td>
                  <td className="num">{formatMoney(f.processing_amount, f.processing_currency)}</td>
                  <td className="num">{formatMoney(f.holding_amount, f.holding_currency)}</td>
                  <td>{f.payout_id ? <code>{f.payout_id}</code> : <span className="muted">not paid out yet</span>}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {[...new Set(fees.map((f) => f.holding_currency))].map((currency) => (
                <tr key={currency}>
                  <th colSpan={3}>Net to you in {currency} (gross less fees)</th>
                  <td className="num">{formatMoney(fees.filter((f) => f.holding_currency === currency).reduce((s, f) => s + f.holding_amount, 0), currency)}</td>
                  <td />
                </tr>
              ))}
            </tfoot>
          </table>
        )}
      </section>

      <details className="card raw">
        <summary>Raw JSON from Checkout.com</summary>
        <button type="button" onClick={() => void navigator.clipboard.writeText(JSON.stringify(raw, null, 2)).then(() => setNotice({ ok: true, text: 'Raw JSON copied.' }))}>Copy</button>
        <pre>{JSON.stringify(raw, null, 2)}</pre>
      </details>

      {dialog && (
        <ActionDialog
          kind={dialog}
          detail={detail}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setCallData('payments.get', { id }, next)
            setDialog(null)
            setNotice({ ok: true, text: `${dialog === 'capture' ? 'Capture' : dialog === 'refund' ? 'Refund' : 'Void'} accepted by Checkout.com.` })
          }}
        />
      )}
    </section>
  )
}
