import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import type { CurrencyTotals, PaymentListRow, PaymentSort } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { SyncPanel } from '../../components/SyncPanel'
import { appLocale } from '../../lib/locale'
import { formatMoney } from '../../lib/format'
import { applyParamChanges } from '../../lib/param-changes'
import { filterFromParams, periodOf, sortFromParams } from '../../lib/payment-filter-url'
import { useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { ColumnsMenu } from './ColumnsMenu'
import type { ColumnLayout } from './column-layout'
import { loadLayout, saveLayout, visibleColumns } from './columns'
import { ExportButton } from './ExportButton'
import { FilterBar } from './FilterBar'
import { MoneySummary } from './MoneySummary'
import { PaymentsTable, type PaymentsTableHandle } from './PaymentsTable'
import { SavedViewsMenu } from './SavedViewsMenu'
import { StatusTabs } from './StatusTabs'
import { UnknownIdLookup } from './UnknownIdLookup'
import { usePaymentPages } from './usePaymentPages'

/** Where the list was when a payment was opened from it: Back comes to the same row, scroll and focus. */
const POSITION_KEY = 'paydesk.payments.position'
interface Position {
  view: string
  index: number
  scrollTop: number
}
const savedPosition = (view: string): Position | null => {
  try {
    const position = JSON.parse(sessionStorage.getItem(POSITION_KEY) ?? 'null') as Position | null
    return position?.view === view ? position : null
  } catch {
    return null
  }
}

export default function PaymentsScreen() {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const timeZone = useTimeZone()
  const filter = useMemo(() => filterFromParams(params, timeZone, appLocale()), [params, timeZone])
  const sort = useMemo(() => sortFromParams(params), [params])
  const { rows, hasMore, loading, error, loadMore } = usePaymentPages(filter, sort)
  const { data: totals = null } = useCall('payments.totals', { filter })
  const { data: syncStatus = null } = useCall('sync.status', {})
  const { data: everything = null } = useCall('payments.totals', { filter: {} })
  // Three different empty lists: nothing synced, an account with no payments, no match.
  const emptyMessage =
    Object.keys(filter).length > 0 || (everything?.count ?? 0) > 0
      ? 'No payments match these filters.'
      : syncStatus?.state === 'done'
        ? 'No payments on this account in the synced period.'
        : syncStatus?.state === 'running'
          ? 'Syncing: payments appear here as they arrive.'
          : 'Nothing synced yet on this computer: press Sync now to bring in the last 92 days.'
  const [layout, setLayout] = useState<ColumnLayout>(loadLayout)
  const view = params.toString()
  // Coming back to the view a payment was opened from: the same row selected and in view, the list focused.
  const [restored] = useState(() => savedPosition(view))
  const [selection, setSelection] = useState({ view, index: restored?.index ?? -1 })
  const search = useRef<HTMLInputElement>(null)
  const table = useRef<PaymentsTableHandle>(null)
  const selected = selection.view === view ? selection.index : -1
  const setSelected = useCallback((index: number) => setSelection({ view, index }), [view])
  const [showMoney, setShowMoney] = useState(false)
  const [sortHint, setSortHint] = useState<string | null>(null)

  // Once the rows it showed are back (from the cache, at once), the list scrolls where it was.
  const scrollRestored = useRef(!restored)
  useEffect(() => {
    if (scrollRestored.current || !restored || rows.length <= restored.index) return
    table.current?.scrollTo(restored.scrollTop)
    table.current?.focus()
    scrollRestored.current = true
  }, [restored, rows.length])

  // "/" focuses the search from anywhere on the screen.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement
      if (event.key === '/' && !typing) {
        event.preventDefault()
        search.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      setSortHint(null)
      setParams((previous) => applyParamChanges(previous, changes), { replace: true })
    },
    [setParams],
  )
  const oneCurrency = filter.currency?.length === 1
  const onSort = useCallback(
    (by: PaymentSort['by']) => {
      // Amounts in different currencies do not compare (1000 is 10.00 GBP and 1,000 JPY).
      if (by === 'amount' && !oneCurrency) {
        setSortHint('To sort by amount, choose one currency in Filters: amounts in different currencies do not compare.')
        return
      }
      update({ sort: by === 'date' ? null : by, dir: sort.by === by && sort.dir === 'desc' ? 'asc' : null })
    },
    [update, sort, oneCurrency],
  )
  const open = useCallback(
    (row: PaymentListRow, inNewWindow: boolean, index: number) => {
      if (inNewWindow) {
        window.open(`#/payments/${row.id}`, '_blank', 'noopener')
        return
      }
      sessionStorage.setItem(POSITION_KEY, JSON.stringify({ view, index, scrollTop: table.current?.scrollTop() ?? 0 } satisfies Position))
      navigate(`/payments/${row.id}`)
    },
    [navigate, view],
  )
  const leaveSearch = useCallback(() => {
    if (rows.length) setSelected(Math.max(0, selected))
    table.current?.focus()
  }, [rows.length, selected, setSelected])
  const columns = useMemo(() => visibleColumns(layout), [layout])
  const changeLayout = (next: ColumnLayout) => {
    setLayout(next)
    saveLayout(next)
  }
  const period = periodOf(params)

  return (
    <section className="screen wide payments-screen" aria-labelledby="screen-title">
      <header className="screen-header row">
        <div className="title-line">
          <h1 id="screen-title">Payments</h1>
          <p className="subtitle" aria-live="polite" data-testid="totals">
            {totals ? (
              <>
                <strong>{totals.count.toLocaleString()}</strong> payments {period}
                {/* Money in different currencies is never added up: one currency inline, several in the Money table. */}
                {totals.byCurrency.length === 1 ? (
                  <MoneyChips totals={totals.byCurrency[0]!} />
                ) : totals.byCurrency.length > 1 ? (
                  <span className="muted"> in {totals.byCurrency.length} currencies</span>
                ) : null}
              </>
            ) : (
              'Counting…'
            )}
          </p>
        </div>
        <div className="header-actions">
          <button type="button" className={showMoney ? 'money-toggle on' : 'money-toggle'} aria-expanded={showMoney} onClick={() => setShowMoney(!showMoney)} title="Authorised, captured, refunded, fees and net per currency for this list">
            Money
          </button>
          <SavedViewsMenu params={params} onOpen={(query) => setParams(new URLSearchParams(query), { replace: false })} />
          <ColumnsMenu layout={layout} onChange={changeLayout} />
          <ExportButton filter={filter} sort={sort} />
        </div>
      </header>
      <SyncPanel />
      {showMoney && totals && <MoneySummary totals={totals} period={period} timeZone={timeZone} />}
      <FilterBar ref={search} params={params} onChange={update} onLeaveSearch={leaveSearch}>
        <StatusTabs params={params} timeZone={timeZone} onChange={update} />
      </FilterBar>
      <ErrorAlert error={error} />
      {sortHint && (
        <p className="hint" role="note">
          {sortHint}
        </p>
      )}
      {filter.q && !loading && rows.length === 0 && <UnknownIdLookup q={filter.q} />}
      <PaymentsTable
        ref={table}
        rows={rows}
        columns={columns}
        sort={sort}
        onSort={onSort}
        selected={selected}
        onSelect={setSelected}
        onOpen={open}
        hasMore={hasMore}
        loading={loading}
        onNeedMore={loadMore}
        emptyMessage={emptyMessage}
        timeZone={timeZone}
      />
    </section>
  )
}

function MoneyChips({ totals: c }: { totals: CurrencyTotals }) {
  return (
    <>
      <span className="total-chip" title="Captured from the cardholders">
        {formatMoney(c.captured, c.currency)} captured
      </span>
      <span className="total-chip" title="Captured less refunded less the fees Checkout.com has reported">
        {formatMoney(c.net, c.currency)} net
      </span>
    </>
  )
}
