import { forwardRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { AVS_CODES, CARD_SCHEMES, CVV_CODES, PAYMENT_STATUSES, PAYMENT_TYPES } from '../../../src-main/contract/reference'
import { MultiSelect } from '../../components/MultiSelect'
import { appLocale } from '../../lib/locale'
import { amountForField, RANGES, typedAmountRange } from '../../lib/payment-filter-url'
import { useDraftParams } from '../../lib/useDraftParams'

const CURRENCIES = ['GBP', 'EUR', 'USD', 'JPY', 'KWD', 'CHF', 'SEK', 'AED']
/** A click or a choice: written once the event is handled (ticks in the same event run one query). */
const CHOICE_DELAY_MS = 0
/** Typing: long enough not to query on every keystroke. */
const TYPING_DELAY_MS = 250

interface Props {
  params: URLSearchParams
  onChange(changes: Record<string, string | null>): void
  /** Arrow down in the search box: on to the rows. */
  onLeaveSearch(): void
  /** Beside the search: the status tabs. */
  children?: ReactNode
}

/** The filters shown in the toolbar's summary when the panel is closed, by address key. */
const SUMMARY_LABELS: Record<string, string> = {
  range: 'Date',
  currency: 'Currency',
  scheme: 'Scheme',
  code: 'Response',
  avs: 'AVS',
  cvv: 'CVV',
  type: 'Type',
  min: 'Min',
  max: 'Max',
  // Set by the insights' drill-downs only.
  outcome: 'Outcome',
  category: 'Decline kind',
  cardtype: 'Card type',
  country: 'Issuing country',
  bin: 'BIN',
  threeds: '3-D Secure',
}
const OPEN_KEY = 'paydesk.payments.filtersOpen'

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

/** Filters and search: edited locally, written to the address a moment later (see useDraftParams). */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar({ params, onChange, onLeaveSearch, children }, searchRef) {
  // The panel of filters folds away (remembered), so the list keeps the height; the search stays.
  const [open, setOpen] = useState(() => localStorage.getItem(OPEN_KEY) === 'yes')
  const toggle = () => {
    localStorage.setItem(OPEN_KEY, open ? 'no' : 'yes')
    setOpen(!open)
  }
  const { draft, change, flush } = useDraftParams(params, onChange)
  const text = (key: string) => draft.get(key) ?? ''
  const listOf = (key: string) => draft.get(key)?.split(',').filter(Boolean) ?? []
  const choose = (changes: Record<string, string | null>) => change(changes, CHOICE_DELAY_MS)
  const type = (changes: Record<string, string | null>) => change(changes, TYPING_DELAY_MS)
  const applyOnEnter = (event: KeyboardEvent<HTMLInputElement>) => event.key === 'Enter' && flush()
  const currencies = listOf('currency')
  const range = text('range') || 'all'
  const active = [...draft.keys()].some((k) => !['sort', 'dir'].includes(k))
  // An amount that cannot be read stays in its field with the problem beside it; only readable
  // ones are applied, in the canonical form the address keeps ("12.50"), whatever the locale
  // they were typed in. When the address changes from elsewhere (Clear filters, back), the
  // fields follow, written the locale's way.
  const locale = appLocale()
  const applied = { min: text('min'), max: text('max') }
  const shownAs = (canonical: string) => amountForField(canonical, currencies, locale)
  const [amounts, setAmounts] = useState({ typed: { min: shownAs(applied.min), max: shownAs(applied.max) }, applied })
  if (amounts.applied.min !== applied.min || amounts.applied.max !== applied.max) setAmounts({ typed: { min: shownAs(applied.min), max: shownAs(applied.max) }, applied })
  const typeAmount = (key: 'min' | 'max', value: string) => {
    const typed = { ...amounts.typed, [key]: value }
    // Applied only when both ends read and make a range.
    const range = typedAmountRange(typed.min, typed.max, currencies, locale)
    const readable = !range.min.problem && !range.max.problem
    const canonical = { min: range.min.canonical ?? '', max: range.max.canonical ?? '' }
    setAmounts((previous) => ({ typed: { ...previous.typed, [key]: value }, applied: readable ? canonical : previous.applied }))
    if (readable) type({ min: canonical.min || null, max: canonical.max || null })
  }
  const oneCurrency = currencies.length === 1
  const summary = Object.entries(SUMMARY_LABELS).flatMap(([key, label]) => {
    const value = text(key)
    // "All time" is no filter at all.
    if (!value || (key === 'range' && value === 'all')) return []
    const shown = key === 'range' ? (RANGES.find(([k]) => k === value)?.[1] ?? value).replace('…', '') : key === 'min' || key === 'max' ? shownAs(value) : value.replaceAll(',', ', ')
    return [`${label}: ${shown}`]
  })
  const panelCount = summary.length
  const { min: { problem: minProblem }, max: { problem: maxProblem } } = typedAmountRange(amounts.typed.min, amounts.typed.max, currencies, locale)

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      flush()
      onLeaveSearch()
    } else applyOnEnter(event)
  }
  const clear = () => change(Object.fromEntries([...draft.keys()].filter((k) => !['sort', 'dir'].includes(k)).map((k) => [k, null])), 0)

  return (
    <div className="filter-area" role="search">
      <div className="toolbar">
        {children}
        <label className="filter search">
          <span className="visually-hidden">Search</span>
          <input ref={searchRef} type="search" name="q" placeholder="Id, reference, name, email, amount, last 4, auth code, ARN  ( / )" value={text('q')} onChange={(e) => type({ q: e.target.value })} onKeyDown={onSearchKey} />
        </label>
        <button type="button" className={panelCount ? 'filters-toggle on' : 'filters-toggle'} aria-expanded={open} aria-controls="filter-panel" onClick={toggle}>
          Filters{panelCount ? ` · ${panelCount}` : ''} {open ? '▴' : '▾'}
        </button>
        {active && (
          <button type="button" className="link" onClick={clear}>
            Clear
          </button>
        )}
      </div>
      {!open && summary.length > 0 && (
        <p className="filter-summary" data-testid="filter-summary">
          {summary.join(' · ')}
        </p>
      )}
      {open && (
    <div className="filters" id="filter-panel">
      <Select label="Date" name="range" value={range === 'all' ? '' : range} options={RANGES.filter(([k]) => k !== 'all')} onChange={(v) => choose({ range: v || null, ...(v !== 'custom' ? { from: null, to: null } : {}) })} />
      {range === 'custom' && (
        <>
          <label className="filter">
            <span>From</span>
            <input type="date" name="from" value={text('from')} onChange={(e) => choose({ from: e.target.value || null })} />
          </label>
          <label className="filter">
            <span>To</span>
            <input type="date" name="to" value={text('to')} onChange={(e) => choose({ to: e.target.value || null })} />
          </label>
        </>
      )}
      <MultiSelect label="Status" name="status" values={listOf('status')} options={pairs(PAYMENT_STATUSES)} onChange={(v) => choose({ status: v.join(',') || null })} />
      <Select label="Outcome" name="outcome" value={text('outcome')} options={[['approved', 'Approved'], ['declined', 'Declined'], ['attempted', 'Approved or declined'], ['pending', 'Pending']]} onChange={(v) => choose({ outcome: v || null })} />
      <MultiSelect label="Currency" name="currency" values={currencies} options={pairs(CURRENCIES)} onChange={(v) => choose({ currency: v.join(',') || null })} />
      <MultiSelect label="Scheme" name="scheme" values={listOf('scheme')} options={pairs(CARD_SCHEMES)} onChange={(v) => choose({ scheme: v.join(',') || null })} />
      <label className="filter narrow">
        <span>Response code</span>
        <input name="code" inputMode="numeric" placeholder="20051" value={text('code')} onChange={(e) => type({ code: e.target.value.trim() || null })} onKeyDown={applyOnEnter} />
      </label>
      <MultiSelect label="AVS" name="avs" values={listOf('avs')} options={AVS_OPTIONS} onChange={(v) => choose({ avs: v.join(',') || null })} />
      <MultiSelect label="CVV" name="cvv" values={listOf('cvv')} options={CVV_OPTIONS} onChange={(v) => choose({ cvv: v.join(',') || null })} />
      <Select label="Risk" name="flagged" value={text('flagged')} options={[['yes', 'Flagged'], ['no', 'Not flagged']]} onChange={(v) => choose({ flagged: v || null })} />
      <MultiSelect label="Type" name="type" values={listOf('type')} options={pairs(PAYMENT_TYPES)} onChange={(v) => choose({ type: v.join(',') || null })} />
      <label className="filter narrow">
        <span>Min amount</span>
        <input name="min" inputMode="decimal" disabled={!oneCurrency && !amounts.typed.min} placeholder={oneCurrency ? currencies[0] : '1 currency'} title={oneCurrency ? undefined : 'Choose one currency first: an amount is in its units'} value={amounts.typed.min} aria-invalid={Boolean(minProblem)} onChange={(e) => typeAmount('min', e.target.value)} onKeyDown={applyOnEnter} />
        {minProblem && <small className="field-error">{minProblem}</small>}
      </label>
      <label className="filter narrow">
        <span>Max amount</span>
        <input name="max" inputMode="decimal" disabled={!oneCurrency && !amounts.typed.max} placeholder={oneCurrency ? currencies[0] : '1 currency'} title={oneCurrency ? undefined : 'Choose one currency first: an amount is in its units'} value={amounts.typed.max} aria-invalid={Boolean(maxProblem)} onChange={(e) => typeAmount('max', e.target.value)} onKeyDown={applyOnEnter} />
        {maxProblem && <small className="field-error">{maxProblem}</small>}
      </label>
    </div>
      )}
    </div>
  )
})
