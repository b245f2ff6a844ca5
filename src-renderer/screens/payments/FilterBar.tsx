import { forwardRef, useEffect, useState } from 'react'
import { AVS_CODES, CVV_CODES } from '../../../src-main/reference/codes'
import { MultiSelect } from '../../components/MultiSelect'
import { amountProblem, RANGES } from '../../lib/payment-filter-url'

const STATUSES = ['Authorized', 'Captured', 'Partially Captured', 'Refunded', 'Partially Refunded', 'Voided', 'Declined', 'Pending', 'Canceled', 'Expired', 'Card Verified']
const SCHEMES = ['Visa', 'Mastercard', 'American Express', 'Discover', 'Diners Club International', 'JCB', 'Maestro']
const TYPES = ['Regular', 'MOTO', 'Recurring']
const CURRENCIES = ['GBP', 'EUR', 'USD', 'JPY', 'KWD', 'CHF', 'SEK', 'AED']

interface Props {
  params: URLSearchParams
  onChange(changes: Record<string, string | null>): void
}

function Select({ label, name, value, options, onChange }: { label: string; name: string; value: string; options: readonly (readonly [string, string])[]; onChange(value: string): void }) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

const pairs = (values: readonly string[]) => values.map((v) => [v, v] as const)
const AVS_OPTIONS = [...AVS_CODES].map(([code, c]) => [code, `${code}: ${c.meaning}`] as const)
const CVV_OPTIONS = [...CVV_CODES].map(([code, c]) => [code, `${code}: ${c.meaning}`] as const)

/** Filters and search; every change goes to the address (see payment-filter-url.ts). */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar({ params, onChange }, searchRef) {
  const [q, setQ] = useState(params.get('q') ?? '')
  const [min, setMin] = useState(params.get('min') ?? '')
  const [max, setMax] = useState(params.get('max') ?? '')
  useEffect(() => setQ(params.get('q') ?? ''), [params])

  // Typing is debounced so each keystroke does not run a query.
  useEffect(() => {
    if ((params.get('q') ?? '') === q) return
    const timer = setTimeout(() => onChange({ q: q.trim() || null }), 250)
    return () => clearTimeout(timer)
  }, [q, params, onChange])

  const listOf = (key: string) => params.get(key)?.split(',').filter(Boolean) ?? []
  const currencies = listOf('currency')
  const minProblem = amountProblem(min, currencies)
  const maxProblem = amountProblem(max, currencies)
  const range = params.get('range') ?? 'all'
  const active = [...params.keys()].some((k) => !['sort', 'dir'].includes(k))

  return (
    <div className="filters" role="search">
      <label className="filter search">
        <span>Search</span>
        <input ref={searchRef} type="search" name="q" placeholder="Id, reference, customer, email, last 4, auth code  ( / )" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <Select label="Date" name="range" value={range === 'all' ? '' : range} options={RANGES.filter(([k]) => k !== 'all')} onChange={(v) => onChange({ range: v || null, ...(v !== 'custom' ? { from: null, to: null } : {}) })} />
      {range === 'custom' && (
        <>
          <label className="filter">
            <span>From</span>
            <input type="date" name="from" value={params.get('from') ?? ''} onChange={(e) => onChange({ from: e.target.value || null })} />
          </label>
          <label className="filter">
            <span>To</span>
            <input type="date" name="to" value={params.get('to') ?? ''} onChange={(e) => onChange({ to: e.target.value || null })} />
          </label>
        </>
      )}
      <MultiSelect label="Status" name="status" values={listOf('status')} options={pairs(STATUSES)} onChange={(v) => onChange({ status: v.join(',') || null })} />
      <Select label="Outcome" name="outcome" value={params.get('outcome') ?? ''} options={[['approved', 'Approved'], ['declined', 'Declined'], ['pending', 'Pending']]} onChange={(v) => onChange({ outcome: v || null })} />
      <MultiSelect label="Currency" name="currency" values={listOf('currency')} options={pairs(CURRENCIES)} onChange={(v) => onChange({ currency: v.join(',') || null })} />
      <MultiSelect label="Scheme" name="scheme" values={listOf('scheme')} options={pairs(SCHEMES)} onChange={(v) => onChange({ scheme: v.join(',') || null })} />
      <label className="filter narrow">
        <span>Response code</span>
        <input name="code" inputMode="numeric" placeholder="20051" value={params.get('code') ?? ''} onChange={(e) => onChange({ code: e.target.value.trim() || null })} />
      </label>
      <MultiSelect label="AVS" name="avs" values={listOf('avs')} options={AVS_OPTIONS} onChange={(v) => onChange({ avs: v.join(',') || null })} />
      <MultiSelect label="CVV" name="cvv" values={listOf('cvv')} options={CVV_OPTIONS} onChange={(v) => onChange({ cvv: v.join(',') || null })} />
      <Select label="Risk" name="flagged" value={params.get('flagged') ?? ''} options={[['yes', 'Flagged'], ['no', 'Not flagged']]} onChange={(v) => onChange({ flagged: v || null })} />
      <MultiSelect label="Type" name="type" values={listOf('type')} options={pairs(TYPES)} onChange={(v) => onChange({ type: v.join(',') || null })} />
      <label className="filter narrow">
        <span>Min amount</span>
        <input name="min" inputMode="decimal" value={min} aria-invalid={Boolean(minProblem)} onChange={(e) => setMin(e.target.value)} onBlur={() => !minProblem && onChange({ min: min.trim() || null })} />
        {minProblem && <small className="field-error">{minProblem}</small>}
      </label>
      <label className="filter narrow">
        <span>Max amount</span>
        <input name="max" inputMode="decimal" value={max} aria-invalid={Boolean(maxProblem)} onChange={(e) => setMax(e.target.value)} onBlur={() => !maxProblem && onChange({ max: max.trim() || null })} />
        {maxProblem && <small className="field-error">{maxProblem}</small>}
      </label>
      {active && (
        <button
          type="button"
          className="link"
          onClick={() => {
            setMin('')
            setMax('')
            setQ('')
            onChange(Object.fromEntries([...params.keys()].filter((k) => !['sort', 'dir'].includes(k)).map((k) => [k, null])))
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  )
})
