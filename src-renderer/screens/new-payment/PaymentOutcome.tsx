import { useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import type { PaymentRequestView } from '../../../src-main/contract'
import { AVS_CODES, CALLER_ADVICE, CARD_DETAIL_ADVICE, CARD_DETAIL_CODES, CVV_CODES, DECLINE_ADVICE, RESPONSE_CATEGORY_LABELS, responseCategory } from '../../../src-main/contract/reference'
import { CopyButton } from '../../components/CopyButton'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatMoney } from '../../lib/format'
import { useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { receiptText } from './receipt'

const TITLES: Record<PaymentRequestView['state'], string> = {
  approved: 'Approved',
  declined: 'Declined',
  pending: 'Waiting for 3-D Secure',
  sending: 'Sending…',
  unknown: 'No answer from Checkout.com yet',
  refused: 'Not accepted by Checkout.com',
  failed: 'Not sent',
}

/** What came of a phone payment, and what to tell the caller; a receipt to copy or print. */
export function PaymentOutcome({ request, onUpdated, onNext, onRetryCard }: { request: PaymentRequestView; onUpdated(r: PaymentRequestView): void; onNext(): void; onRetryCard(): void }) {
  const zone = useTimeZone()
  const next = useRef<HTMLButtonElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => next.current?.focus(), [request.state])
  // 3-D Secure: asked about every two seconds until the cardholder has answered.
  const polled = useCall('moto.payments.get', { requestId: request.id }, { enabled: request.state === 'pending', refetchInterval: 2000 })
  useEffect(() => {
    if (polled.data && polled.data.state !== request.state) onUpdated(polled.data)
  }, [polled.data, request.state, onUpdated])

  const category = request.response_code ? responseCategory(request.response_code) : null
  const resolve = async (ifMissing: 'send' | 'cancel' | 'ask') => {
    setBusy(true)
    setError(null)
    try {
      onUpdated(await call('moto.payments.resolve', { requestId: request.id, ifMissing }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  // The desktop's link policy decides; in the browser host the page opens it itself.
  const openRedirect = () =>
    request.redirect_url &&
    void call('desktop.openExternal', { url: request.redirect_url }).then(
      (answer) => answer.opened || window.open(answer.url, '_blank', 'noopener,noreferrer'),
      (e: Error) => setError(e.message),
    )

  return (
    <section className={`card moto-step outcome ${request.state}`} aria-label="Outcome" aria-live="polite">
      <h2 className="outcome-title">
        {request.state === 'approved' && !request.capture ? 'Authorised: not charged until it is captured' : TITLES[request.state]}
        {request.state === 'declined' && request.response_summary ? `: ${request.response_summary}` : ''}
      </h2>
      <p className="outcome-amount">
        {formatMoney(request.amount, request.currency)} · {request.card_scheme ?? 'card'} •••• {request.card_last4 ?? '????'} · {request.customer_name ?? request.customer_email ?? request.customer_id}
      </p>
      {category && (
        <div className="advice">
          <p>
            <strong>Tell the caller:</strong> {CALLER_ADVICE[category]}
          </p>
          {category !== 'approved' && (
            <p className="muted">
              {RESPONSE_CATEGORY_LABELS[category]} ({request.response_code}). {CARD_DETAIL_CODES.has(request.response_code!) ? CARD_DETAIL_ADVICE : DECLINE_ADVICE[category]}
            </p>
          )}
        </div>
      )}
      {request.state === 'pending' && (
        <div className="advice">
          <p>The card’s bank wants the cardholder to authenticate. Give the caller this link (or open the page and let them finish it); this updates by itself when they are done.</p>
          {request.redirect_url && (
            <p className="redirect-link">
              <code data-testid="three-ds-link">{request.redirect_url}</code> <CopyButton text={request.redirect_url} what="3-D Secure link" />
            </p>
          )}
          <button type="button" className="primary" onClick={openRedirect}>
            Open the 3-D Secure page
          </button>
        </div>
      )}
      {(request.state === 'unknown' || request.state === 'sending') && (
        <div className="advice">
          <p>{request.error ?? 'The request was sent and no answer came back.'} It may have gone through: nothing else can be sent for it until Checkout.com says.</p>
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void resolve('send')} ref={next}>
              {busy ? 'Checking…' : 'Check again and send if it is not there'}
            </button>
            {request.error?.includes('has no payment with reference') && (
              <button type="button" disabled={busy} onClick={() => void resolve('cancel')}>
                Mark as not taken
              </button>
            )}
          </div>
        </div>
      )}
      {(request.state === 'refused' || request.state === 'failed') && <p className="alert bad">{request.error}</p>}
      {(request.avs_check || request.cvv_check) && (
        <dl className="kv checks">
          {request.avs_check && (
            <>
              <dt>Address check</dt>
              <dd>
                {request.avs_check}: {AVS_CODES.get(request.avs_check)?.meaning ?? 'not a documented code'}
              </dd>
            </>
          )}
          {request.cvv_check && (
            <>
              <dt>CVV check</dt>
              <dd>
                {request.cvv_check}: {CVV_CODES.get(request.cvv_check)?.meaning ?? 'not a documented code'}
              </dd>
            </>
          )}
        </dl>
      )}
      <section className="receipt" aria-label="Receipt">
        <h3>Receipt</h3>
        <pre>{receiptText(request, zone)}</pre>
        <div className="form-actions no-print">
          <CopyButton text={receiptText(request, zone)} what="receipt" />
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </section>
      <ErrorAlert error={error} />
      <div className="form-actions no-print">
        {request.payment_id && <Link to={`/payments/${request.payment_id}`}>Open the payment</Link>}
        {request.state === 'declined' && (
          <button type="button" onClick={onRetryCard}>
            Try another card
          </button>
        )}
        {request.state !== 'unknown' && request.state !== 'sending' && (
          <button type="button" ref={next} className={request.state === 'declined' ? '' : 'primary'} onClick={onNext}>
            New payment
          </button>
        )}
      </div>
    </section>
  )
}
