import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { CustomerFile, PaymentRequestView, SavedCard } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAmountInput } from '../../../src-main/contract/reference'
import { call } from '../../lib/api'
import { formatMoney, formatDateTime } from '../../lib/format'
import { appLocale } from '../../lib/locale'
import { useTimeZone } from '../../lib/time-zone'
import { useEscapeKey } from '../../lib/useEscapeKey'
import { cardDigits, CURRENCIES, isAmexNumber, metadataProblem, newCardProblems, parseExpiry, paymentAmount, referenceProblem, savedCvvProblem, type FieldErrors, type MetadataRow } from './payment-form'

/** The earlier payment's outcome, in the duplicate warning. */
const EARLIER_STATE: Record<PaymentRequestView['state'], string> = {
  approved: 'it was approved',
  declined: 'it was declined',
  pending: 'it is waiting for 3-D Secure',
  sending: 'its outcome is not known yet',
  unknown: 'its outcome is not known yet',
  refused: 'Checkout.com did not accept it',
  failed: 'it was not taken',
}

const expiryText = (c: SavedCard) => (c.expiry_month && c.expiry_year ? `${String(c.expiry_month).padStart(2, '0')}/${String(c.expiry_year).slice(-2)}` : '')

/**
 * The payment for a chosen customer: which card, how much, the reference. The agent's path is
 * the amount and Enter: the default card, a unique reference and capture are already chosen.
 * A new card's number and CVV stay in their inputs (no React state) and are cleared once sent.
 */
export function PaymentForm({ file, onSent, onCancel, onCardsChanged }: { file: CustomerFile; onSent(request: PaymentRequestView): void; onCancel(): void; onCardsChanged(file: CustomerFile): void }) {
  const zone = useTimeZone()
  const usable = file.cards.filter((c) => !c.expired)
  const [requestId, setRequestId] = useState(() => crypto.randomUUID())
  const [chosen, setChoice] = useState<string>(() => (usable[0] ? usable[0].id : 'new'))
  // A card removed or expired since it was chosen: the first that can pay.
  const choice = chosen === 'new' || usable.some((c) => c.id === chosen) ? chosen : (usable[0]?.id ?? 'new')
  const [amount, setAmount] = useState('')
  const [currency, setCurrency] = useState(file.lastCurrency ?? 'GBP')
  // The currency the amount was typed for: a currency changed afterwards changes what the
  // digits mean, so the amount is shown again before it can be sent.
  const [amountFor, setAmountFor] = useState(currency)
  const [reference, setReference] = useState('')
  const [referenceEdited, setReferenceEdited] = useState(false)
  const [description, setDescription] = useState('')
  const [capture, setCapture] = useState(true)
  const [threeDs, setThreeDs] = useState(false)
  const [saveCard, setSaveCard] = useState(true)
  const [holder, setHolder] = useState('')
  const [metadata, setMetadata] = useState<MetadataRow[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [duplicate, setDuplicate] = useState<PaymentRequestView | null>(null)
  const amountInput = useRef<HTMLInputElement>(null)
  const numberInput = useRef<HTMLInputElement>(null)
  const expiryInput = useRef<HTMLInputElement>(null)
  const cvvInput = useRef<HTMLInputElement>(null)
  const savedCvvInput = useRef<HTMLInputElement>(null)
  const form = useRef<HTMLFormElement>(null)

  useEffect(() => amountInput.current?.focus(), [])
  useEffect(() => {
    let live = true
    void call('moto.payments.suggestReference', {}).then((r) => live && setReference((now) => now || r.reference))
    return () => {
      live = false
    }
  }, [requestId])
  useEscapeKey(onCancel, !busy && !duplicate)

  const card = file.cards.find((c) => c.id === choice) ?? null
  const locale = appLocale()
  const reading = paymentAmount(amount, currency, locale)
  const minor = reading.minor
  const clearCardInputs = () => {
    for (const input of [numberInput, expiryInput, cvvInput, savedCvvInput]) if (input.current) input.current.value = ''
  }

  /** The new card as typed, read from its inputs when it is sent (checked first). */
  const typedCard = () => {
    const expiry = parseExpiry(expiryInput.current!.value)!
    return { number: cardDigits(numberInput.current!.value), expiryMonth: expiry.month, expiryYear: expiry.year, cvv: cvvInput.current!.value.trim(), ...(holder.trim() ? { name: holder.trim() } : {}) }
  }

  function check(reference: string): FieldErrors {
    const found: FieldErrors = {}
    if (choice === 'new') Object.assign(found, newCardProblems(numberInput.current?.value ?? '', expiryInput.current?.value ?? '', cvvInput.current?.value ?? '', new Date()))
    else if (!card) found.card = 'Choose the card to charge.'
    else {
      const cvv = savedCvvProblem(savedCvvInput.current?.value ?? '', card.scheme)
      if (cvv) found.savedCvv = cvv
    }
    if (reading.problem) found.amount = amount.trim() ? reading.problem : 'Type the amount.'
    else if (amountFor !== currency) found.amount = `The currency changed to ${currency} after the amount was typed: it now reads ${formatMoney(minor!, currency, locale)}. Check it, then send again.`
    const amex = choice === 'new' ? isAmexNumber(numberInput.current?.value ?? '') : (card?.scheme ?? '').toLowerCase().includes('american express')
    const referenceError = referenceProblem(reference, amex)
    if (referenceError) found.reference = referenceError
    const metadataError = metadataProblem(metadata)
    if (metadataError) found.metadata = metadataError
    return found
  }

  async function send(confirmDuplicate: boolean) {
    // Enter pressed before the suggested reference arrived: wait for it rather than refuse.
    let ref = reference
    if (!ref.trim() && !referenceEdited) {
      ref = (await call('moto.payments.suggestReference', {})).reference
      setReference(ref)
    }
    const found = check(ref)
    setErrors(found)
    // Shown once: the next Enter sends the amount as it reads now, on the button.
    if (found.amount && amountFor !== currency) setAmountFor(currency)
    if (Object.keys(found).length) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      const source =
        choice === 'new'
          ? { kind: 'new_card' as const, save: saveCard, card: typedCard() }
          : card?.isDefault && !savedCvvInput.current?.value.trim()
            ? // The customer's default card: Checkout.com picks it ({type: "customer"}).
              { kind: 'default' as const }
            : { kind: 'saved' as const, id: choice, ...(savedCvvInput.current?.value.trim() ? { cvv: savedCvvInput.current.value.trim() } : {}) }
      const answer = await call('moto.payments.create', {
        requestId,
        customerId: file.customer.id,
        source,
        amount: minor!,
        currency,
        reference: ref.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        capture,
        metadata: Object.fromEntries(metadata.filter((m) => m.key.trim()).map((m) => [m.key.trim(), m.value])),
        threeDs,
        confirmDuplicate,
      })
      if (answer.kind === 'duplicate') {
        setDuplicate(answer.earlier)
        return
      }
      setDuplicate(null)
      clearCardInputs()
      onSent(answer.request)
    } catch (e) {
      // Nothing was sent, or it was refused: the card digits go either way; the agent asks again.
      clearCardInputs()
      setProblem((e as Error).message)
      setRequestId(crypto.randomUUID())
    } finally {
      setBusy(false)
    }
  }

  /** Adds the typed card to the customer's saved cards (tokenised, then POST /instruments), charging nothing. */
  async function saveOnly() {
    const found = newCardProblems(numberInput.current?.value ?? '', expiryInput.current?.value ?? '', cvvInput.current?.value ?? '', new Date())
    setErrors(found)
    if (Object.keys(found).length) return
    setBusy(true)
    setProblem(null)
    try {
      const next = await call('moto.cards.add', { actionId: crypto.randomUUID(), customerId: file.customer.id, card: typedCard(), makeDefault: usable.length === 0 })
      clearCardInputs()
      onCardsChanged(next)
      setChoice(next.cards.find((c) => !c.expired && !file.cards.some((old) => old.id === c.id))?.id ?? choice)
    } catch (e) {
      clearCardInputs()
      setProblem((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!busy) void send(false)
  }
  const err = (field: keyof FieldErrors) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-error` } : {})
  const errorText = (field: keyof FieldErrors) => errors[field] && <span id={`${field}-error`} className="field-error">{errors[field]}</span>

  return (
    <form ref={form} className="card moto-step payment-form" aria-label="Payment" onSubmit={submit} noValidate>
      <fieldset className="cards" aria-label="Card to charge">
        <legend>Card</legend>
        {file.warning && <p className="alert warn">{file.warning}</p>}
        {file.cards.map((c) => (
          <div key={c.id} className={c.expired ? 'saved-card expired' : 'saved-card'}>
            <label>
              <input type="radio" name="card" value={c.id} checked={choice === c.id} disabled={c.expired} onChange={() => setChoice(c.id)} />
              <span className="card-name">
                {c.scheme ?? 'Card'} •••• {c.last4}
              </span>
              <span className="muted">
                {c.card_type ? `${c.card_type.toLowerCase()} · ` : ''}expires {expiryText(c)}
              </span>
              {c.isDefault && <span className="badge info">Default</span>}
              {c.expired && <span className="badge bad">Expired</span>}
            </label>
            <CardActions file={file} card={c} onChanged={onCardsChanged} />
          </div>
        ))}
        <div className="saved-card">
          <label>
            <input type="radio" name="card" value="new" checked={choice === 'new'} onChange={() => setChoice('new')} />
            <span className="card-name">A new card</span>
            <span className="muted">typed in from the caller</span>
          </label>
        </div>
        {errorText('card')}
        {choice === 'new' ? (
          <div className="new-card">
            <div className="field-row four">
              <div className="field wide">
                <label>
                  <span>Card number</span>
                  <input ref={numberInput} name="cardNumber" inputMode="numeric" autoComplete="off" spellCheck={false} placeholder="1234 5678 9012 3456" {...err('number')} />
                </label>
                {errorText('number')}
              </div>
              <div className="field">
                <label>
                  <span>Expiry</span>
                  <input ref={expiryInput} name="expiry" inputMode="numeric" autoComplete="off" placeholder="MM/YY" {...err('expiry')} />
                </label>
                {errorText('expiry')}
              </div>
              <div className="field">
                <label>
                  <span>CVV</span>
                  <input ref={cvvInput} name="cvv" inputMode="numeric" autoComplete="off" placeholder="123" {...err('cvv')} />
                </label>
                {errorText('cvv')}
              </div>
            </div>
            <div className="field-row">
              <label className="field">
                <span>Name on card</span>
                <input name="holder" value={holder} onChange={(e) => setHolder(e.target.value)} autoComplete="off" />
              </label>
              <label className="check">
                <input type="checkbox" name="saveCard" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} /> Save this card for the customer’s next order
              </label>
            </div>
            <p>
              <button type="button" className="small" disabled={busy} onClick={() => void saveOnly()}>
                Save the card without charging
              </button>
            </p>
          </div>
        ) : (
          card && (
            <div className="field narrow">
              <label>
                <span>CVV, if the caller gives it</span>
                <input ref={savedCvvInput} name="savedCvv" inputMode="numeric" autoComplete="off" placeholder="optional" {...err('savedCvv')} />
              </label>
              {errorText('savedCvv')}
            </div>
          )
        )}
      </fieldset>

      <div className="field-row amount-row">
        <div className="field">
          <label>
            <span>Amount</span>
            <input ref={amountInput} name="amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => (setAmount(e.target.value), setAmountFor(currency))} placeholder={formatAmountInput(0, currency, locale)} {...err('amount')} />
          </label>
          {errorText('amount')}
        </div>
        <label className="field">
          <span>Currency</span>
          <select name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {[...new Set([currency, ...CURRENCIES])].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <div className="field">
          <label>
            <span>Reference</span>
            <input name="reference" value={reference} onChange={(e) => (setReferenceEdited(true), setReference(e.target.value))} spellCheck={false} {...err('reference')} />
          </label>
          {errorText('reference')}
        </div>
      </div>
      <label className="field">
        <span>Description (optional)</span>
        <input name="description" value={description} maxLength={100} onChange={(e) => setDescription(e.target.value)} placeholder="What the order is for" />
      </label>
      <fieldset className="capture" aria-label="When to take the money">
        <label className="check">
          <input type="radio" name="capture" checked={capture} onChange={() => setCapture(true)} /> Take the money now (capture)
        </label>
        <label className="check">
          <input type="radio" name="capture" checked={!capture} onChange={() => setCapture(false)} /> Authorise only (capture later, within 7 days)
        </label>
      </fieldset>
      <details className="more">
        <summary>Metadata and 3-D Secure</summary>
        {metadata.map((row, i) => (
          <div key={i} className="meta-row">
            <input aria-label={`Metadata name ${i + 1}`} value={row.key} onChange={(e) => setMetadata(metadata.map((m, j) => (j === i ? { ...m, key: e.target.value } : m)))} placeholder="name, like order_id" />
            <input aria-label={`Metadata value ${i + 1}`} value={row.value} onChange={(e) => setMetadata(metadata.map((m, j) => (j === i ? { ...m, value: e.target.value } : m)))} placeholder="value" />
            <button type="button" className="small" onClick={() => setMetadata(metadata.filter((_, j) => j !== i))} aria-label={`Remove metadata ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="small" onClick={() => setMetadata([...metadata, { key: '', value: '' }])}>
          Add metadata
        </button>
        {errorText('metadata')}
        <label className="check">
          <input type="checkbox" name="threeDs" checked={threeDs} onChange={(e) => setThreeDs(e.target.checked)} /> Ask for 3-D Secure (the caller authenticates through a link)
        </label>
      </details>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Sending…' : minor ? `${capture ? 'Charge' : 'Authorise'} ${formatMoney(minor, currency, locale)}` : capture ? 'Charge' : 'Authorise'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel (Esc)
        </button>
        <span className="hint">Enter sends the payment.</span>
      </div>
      <ErrorAlert error={problem} />
      {duplicate && (
        <div className="modal-backdrop">
          <div className="card modal" role="alertdialog" aria-modal="true" aria-labelledby="duplicate-title">
            <h2 id="duplicate-title">Charge this again?</h2>
            <p>
              A payment of {formatMoney(duplicate.amount, duplicate.currency, locale)} for this customer (reference <strong>{duplicate.reference}</strong>) was sent at {formatDateTime(duplicate.created_at, zone)}: {EARLIER_STATE[duplicate.state]}. Check with the caller before charging them a second time.
            </p>
            <div className="form-actions">
              <button type="button" className="primary danger" onClick={() => void send(true)} disabled={busy}>
                Charge again
              </button>
              <button type="button" autoFocus onClick={() => setDuplicate(null)}>
                Do not charge
              </button>
            </div>
          </div>
        </div>
      )}
    </form>
  )
}

function CardActions({ file, card, onChanged }: { file: CustomerFile; card: SavedCard; onChanged(file: CustomerFile): void }) {
  const [busy, setBusy] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (what: 'default' | 'remove') => {
    setBusy(true)
    setError(null)
    try {
      onChanged(await call(what === 'default' ? 'moto.cards.setDefault' : 'moto.cards.remove', { customerId: file.customer.id, sourceId: card.id }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }
  return (
    <span className="card-actions">
      {!card.isDefault && !card.expired && (
        <button type="button" className="small" tabIndex={-1} disabled={busy} onClick={() => void run('default')}>
          Make default
        </button>
      )}
      {confirming ? (
        <>
          <button type="button" className="small danger" disabled={busy} onClick={() => void run('remove')}>
            Remove •••• {card.last4}
          </button>
          <button type="button" className="small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <button type="button" className="small" tabIndex={-1} disabled={busy} onClick={() => setConfirming(true)}>
          Remove
        </button>
      )}
      <ErrorAlert error={error} inline />
    </span>
  )
}
