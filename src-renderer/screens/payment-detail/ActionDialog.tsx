import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { PaymentDetail } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatMoney } from '../../lib/format'
import { appLocale } from '../../lib/locale'
import { useFocusTrap } from '../../lib/useFocusTrap'
import { useEscapeKey } from '../../lib/useEscapeKey'
import { actionAmount, VERB, type ActionKind } from './action-amount'

export function ActionDialog({ kind, detail, onDone, onClose }: { kind: ActionKind; detail: PaymentDetail; onDone(next: PaymentDetail): void; onClose(): void }) {
  const { payment, allowed } = detail
  const available = kind === 'capture' ? allowed.capture : kind === 'refund' ? allowed.refund : 0
  // One id per opening of the dialog: pressing Confirm again after a network error reuses it,
  // so Checkout.com cannot act twice.
  const [actionId] = useState(() => crypto.randomUUID())
  const [amount, setAmount] = useState('')
  const [reference, setReference] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const first = useRef<HTMLInputElement>(null)
  const trap = useFocusTrap<HTMLFormElement>()
  // The amount to type, or (a void) the button that confirms it.
  useEffect(() => (first.current ?? trap.current?.querySelector<HTMLButtonElement>('button[type=submit]'))?.focus(), [trap])
  useEscapeKey(onClose, !busy)

  const { minor, problem } = kind === 'void' ? { minor: null, problem: null } : actionAmount(amount, payment.currency, available, kind, appLocale())
  const shown = kind === 'void' ? formatMoney(allowed.capture || payment.amount, payment.currency) : formatMoney(minor ?? available, payment.currency)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (problem) return
    setBusy(true)
    setError(null)
    try {
      const base = { id: payment.id, actionId, ...(reference.trim() ? { reference: reference.trim() } : {}) }
      const next = kind === 'void' ? await call('payments.void', base) : await call(kind === 'capture' ? 'payments.capture' : 'payments.refund', { ...base, ...(minor !== null ? { amount: minor } : {}) })
      onDone(next)
    } catch (e) {
      setError((e as Error).message)
      setBusy(false)
    }
  }

  return (
    <div className="modal-backdrop">
      <form ref={trap} className="modal card" role="dialog" aria-modal="true" aria-labelledby="action-title" onSubmit={submit} noValidate>
        <h2 id="action-title">
          {VERB[kind]} payment
        </h2>
        <p className="subtitle">
          <code>{payment.id}</code> · {payment.reference ?? 'no reference'}
        </p>
        {kind !== 'void' && (
          <label className="field">
            <span>
              Amount in {payment.currency} (empty = all {formatMoney(available, payment.currency)})
            </span>
            <input ref={first} name="amount" inputMode="decimal" value={amount} aria-invalid={Boolean(problem)} onChange={(e) => setAmount(e.target.value)} placeholder={formatMoney(available, payment.currency)} />
            {problem && <small className="field-error" role="alert">{problem}</small>}
          </label>
        )}
        <label className="field">
          <span>{kind === 'refund' ? 'Reason or reference' : 'Reference'} (optional)</span>
          <input ref={kind === 'void' ? first : undefined} name="reference" maxLength={50} value={reference} onChange={(e) => setReference(e.target.value)} />
        </label>
        <p className="confirm-line">
          {VERB[kind]} <strong>{shown}</strong>
          {kind === 'void' ? ' (the whole authorisation; nothing will be charged)' : ''}. This is sent to Checkout.com at once.
        </p>
        <ErrorAlert error={error} />
        <div className="form-actions">
          <button type="submit" className={kind === 'capture' ? 'primary' : 'danger'} disabled={busy || Boolean(problem)}>
            {busy ? 'Sending…' : `Confirm ${VERB[kind].toLowerCase()}`}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  )
}
