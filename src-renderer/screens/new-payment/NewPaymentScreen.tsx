import { useCallback, useState } from 'react'
import type { CustomerFile, PaymentRequestView } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatInstant, formatMoney } from '../../lib/format'
import { queryClient, useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { CustomerFinder } from './CustomerFinder'
import { PaymentForm } from './PaymentForm'
import { PaymentOutcome } from './PaymentOutcome'

type Step = { at: 'find' } | { at: 'loading'; id: string } | { at: 'pay'; file: CustomerFile; key: number } | { at: 'outcome'; file: CustomerFile; request: PaymentRequestView }

/** A phone order (MOTO): find the customer, charge a saved or new card, tell the caller what happened. */
export default function NewPaymentScreen() {
  const [step, setStep] = useState<Step>({ at: 'find' })
  const [error, setError] = useState<string | null>(null)
  const open = useCallback(async (id: string) => {
    setError(null)
    setStep({ at: 'loading', id })
    try {
      setStep({ at: 'pay', file: await call('moto.customers.open', { id }), key: Date.now() })
    } catch (e) {
      setError((e as Error).message)
      setStep({ at: 'find' })
    }
  }, [])
  const cancel = useCallback(() => setStep({ at: 'find' }), [])
  const sent = useCallback((file: CustomerFile) => (request: PaymentRequestView) => {
    void queryClient.invalidateQueries({ queryKey: ['moto.payments.unresolved'] })
    setStep({ at: 'outcome', file, request })
  }, [])

  return (
    <section className="screen new-payment" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">New phone payment (MOTO)</h1>
        <p className="subtitle">Find the caller, charge a saved card or take a new one. Each payment is sent once: a retry after a dropped connection asks Checkout.com first.</p>
      </header>
      <Unresolved />
      <ErrorAlert error={error} />
      {step.at === 'find' && <CustomerFinder onChosen={(id) => void open(id)} />}
      {step.at === 'loading' && <p className="subtitle loading">Opening the customer’s cards at Checkout.com…</p>}
      {(step.at === 'pay' || step.at === 'outcome') && <CustomerHeader file={step.file} onChange={cancel} />}
      {step.at === 'pay' && <PaymentForm key={step.key} file={step.file} onSent={sent(step.file)} onCancel={cancel} onCardsChanged={(file) => setStep({ at: 'pay', file, key: step.key })} />}
      {step.at === 'outcome' && (
        <PaymentOutcome
          request={step.request}
          onUpdated={(request) => setStep({ ...step, request })}
          onNext={() => void open(step.file.customer.id)}
          onRetryCard={() => void open(step.file.customer.id)}
        />
      )}
    </section>
  )
}

function CustomerHeader({ file, onChange }: { file: CustomerFile; onChange(): void }) {
  const { customer } = file
  return (
    <section className="card moto-step customer-header" aria-label="Chosen customer">
      <div>
        <strong>{customer.name ?? customer.email ?? customer.id}</strong>
        <span className="muted"> {[customer.email, customer.phone, customer.id].filter(Boolean).join(' · ')}</span>
      </div>
      <button type="button" className="small" onClick={onChange}>
        Change customer
      </button>
    </section>
  )
}

/** Requests sent with no answer (a timeout, the app closed mid-way): each is settled before anything else for it. */
function Unresolved() {
  const zone = useTimeZone()
  const { data } = useCall('moto.payments.unresolved', {})
  const [results, setResults] = useState<Record<string, PaymentRequestView>>({})
  const [error, setError] = useState<string | null>(null)
  const rows = data?.rows ?? []
  if (rows.length === 0 && Object.keys(results).length === 0) return null
  const resolve = async (id: string, ifMissing: 'ask' | 'send' | 'cancel') => {
    setError(null)
    try {
      const settled = await call('moto.payments.resolve', { requestId: id, ifMissing })
      setResults((r) => ({ ...r, [id]: settled }))
      if (settled.state !== 'unknown') void queryClient.invalidateQueries({ queryKey: ['moto.payments.unresolved'] })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const shown = [...rows, ...Object.values(results).filter((r) => !rows.some((row) => row.id === r.id))]
  return (
    <section className="card unresolved" aria-label="Payments without an answer">
      <h2>Payments sent without an answer</h2>
      <p className="muted">Paydesk sent these and never heard back (the connection dropped, or the app closed). Check each with Checkout.com before taking the payment again.</p>
      <ul>
        {shown.map((row) => {
          const settled = results[row.id] ?? row
          return (
            <li key={row.id}>
              <span>
                {formatMoney(row.amount, row.currency)} · {row.reference} · {row.customer_name ?? row.customer_email ?? row.customer_id} · sent {formatInstant(row.created_at, zone)}
              </span>
              {settled.state === 'unknown' || settled.state === 'sending' ? (
                <span className="form-actions">
                  {settled.error?.includes('has no payment with reference') ? (
                    <>
                      <span className="muted">Checkout.com has no payment with this reference.</span>
                      <button type="button" className="small" onClick={() => void resolve(row.id, 'send')}>
                        Send it now
                      </button>
                      <button type="button" className="small" onClick={() => void resolve(row.id, 'cancel')}>
                        Mark as not taken
                      </button>
                    </>
                  ) : (
                    <button type="button" className="small primary" onClick={() => void resolve(row.id, 'ask')}>
                      Check with Checkout.com
                    </button>
                  )}
                </span>
              ) : (
                <strong className={settled.state === 'approved' ? 'ok-text' : 'bad'}>
                  {settled.state === 'approved' ? `Approved${settled.payment_id ? ` (${settled.payment_id})` : ''}` : settled.state === 'declined' ? `Declined: ${settled.response_summary ?? settled.response_code}` : settled.state === 'failed' ? 'Marked as not taken' : settled.state}
                </strong>
              )}
            </li>
          )
        })}
      </ul>
      <ErrorAlert error={error} />
    </section>
  )
}
