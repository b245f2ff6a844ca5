import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { CustomerFile, CustomerHit } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatDay } from '../../lib/format'
import { useCall } from '../../lib/queries'

/** Two hits a person could mix up: the same name, whatever the case and spacing. */
const sameName = (a: CustomerHit, b: CustomerHit) => Boolean(a.name && b.name && a.name.trim().toLowerCase().replace(/\s+/g, ' ') === b.name.trim().toLowerCase().replace(/\s+/g, ' '))

const looksRemote = (q: string) => /^cus_\w{26}$/.test(q.trim()) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(q.trim())

/** One search box over every customer this computer knows; Checkout.com is asked for an id or email it does not know. Enter picks the highlighted one. */
export function CustomerFinder({ onChosen }: { onChosen(id: string): void }) {
  const [q, setQ] = useState('')
  const [typed, setTyped] = useState('')
  // The highlighted hit, for the query it was moved in: a new query starts at the first.
  const [moved, setMoved] = useState({ q: '', index: 0 })
  const [creating, setCreating] = useState(false)
  /** The query for which Enter found several customers of one name. */
  const [asked, setAsked] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  // Results as you type, a beat after the last key.
  useEffect(() => {
    const timer = setTimeout(() => setTyped(q.trim()), 120)
    return () => clearTimeout(timer)
  }, [q])
  useEffect(() => input.current?.focus(), [])
  const local = useCall('moto.customers.search', { q: typed }, { enabled: typed.length >= 2, placeholderData: (previous) => previous })
  const rows = typed.length >= 2 ? (local.data?.rows ?? []) : []
  const remote = useCall('moto.customers.lookup', { q: typed }, { enabled: local.isSuccess && !local.isPlaceholderData && rows.length === 0 && looksRemote(typed) })
  const hits: (CustomerHit & { remote?: boolean })[] = rows.length ? rows : remote.data?.customer ? [{ ...remote.data.customer, remote: true }] : []
  const active = moved.q === typed ? moved.index : 0
  const setActive = (index: (a: number) => number) => setMoved({ q: typed, index: index(active) })

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((a) => Math.min(a + 1, hits.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (event.key === 'Enter' && hits[active]) {
      event.preventDefault()
      // Two callers of one name: Enter on the first would be a guess. The agent picks with the arrows.
      const namesake = hits.filter((h) => sameName(h, hits[active]!)).length > 1
      if (namesake && moved.q !== typed) setAsked(typed)
      else onChosen(hits[active].id)
    } else if (event.key === 'Escape') setQ('')
  }

  return (
    <section className="card moto-step" aria-label="Customer">
      <h2>Customer</h2>
      <div className="finder">
        <input
          ref={input}
          type="search"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="customer-hits"
          aria-activedescendant={hits[active] ? `hit-${hits[active].id}` : undefined}
          aria-label="Find the customer"
          placeholder="Name, email, phone, customer id or a card’s last 4"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onKey}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          New customer
        </button>
      </div>
      {asked === typed && hits.length > 1 && (
        <p className="alert warn" role="alert">
          {hits.filter((h) => sameName(h, hits[active]!)).length} customers are called {hits[active]?.name ?? hits[active]?.email}: ask the caller for their email, phone or card, then pick one with ↓ ↑ and Enter, or click it.
        </p>
      )}
      {typed.length >= 2 && (
        <ul id="customer-hits" role="listbox" aria-label="Customers found" className="hits">
          {hits.map((hit, i) => (
            <li key={hit.id} id={`hit-${hit.id}`} role="option" aria-selected={i === active} className={i === active ? 'hit active' : 'hit'} onMouseDown={(e) => e.preventDefault()} onClick={() => onChosen(hit.id)}>
              <span className="hit-name">{hit.name ?? hit.email ?? hit.id}</span>
              <span className="muted">{[hit.email, hit.phone, hit.last4s.length ? `cards ending ${hit.last4s.join(', ')}` : null, hit.lastPaymentAt ? `last paid ${formatDay(hit.lastPaymentAt.slice(0, 10))}` : null].filter(Boolean).join(' · ')}</span>
              <span className="muted small">{hit.remote ? 'found at Checkout.com' : hit.id}</span>
            </li>
          ))}
          {local.isSuccess && hits.length === 0 && !remote.isFetching && (
            <li className="hit empty">{looksRemote(typed) ? 'No customer here or at Checkout.com with that.' : 'No customer on this computer matches. Type their email or customer id to ask Checkout.com, or create one.'}</li>
          )}
          {remote.isFetching && <li className="hit empty">Asking Checkout.com…</li>}
        </ul>
      )}
      <ErrorAlert error={local.error?.message ?? remote.error?.message ?? null} />
      {creating && <NewCustomer initialEmail={/@/.test(typed) ? typed : ''} onCreated={(file) => onChosen(file.customer.id)} />}
    </section>
  )
}

function NewCustomer({ initialEmail, onCreated }: { initialEmail: string; onCreated(file: CustomerFile): void }) {
  const [actionId] = useState(() => crypto.randomUUID())
  const [email, setEmail] = useState(initialEmail)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) return setError('Type the customer’s email address: Checkout.com needs one.')
    setBusy(true)
    setError(null)
    try {
      onCreated(await call('moto.customers.create', { actionId, email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="new-customer" onSubmit={(e) => void submit(e)} aria-label="New customer">
      <div className="field-row three">
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label className="field">
          <span>Name</span>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Phone</span>
          <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+44 7700 900123" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create customer'}
        </button>
        <ErrorAlert error={error} inline />
      </div>
    </form>
  )
}
