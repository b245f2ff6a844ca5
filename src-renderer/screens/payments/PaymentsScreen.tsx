import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import type { PaymentListRow, PaymentSort } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { SyncPanel } from '../../components/SyncPanel'
import { formatMoney } from '../../lib/format'
import { applyParamChanges } from '../../lib/param-changes'
import { useCall } from '../../lib/queries'
import { filterFromParams, sortFromParams } from '../../lib/payment-filter-url'
import { ColumnsMenu } from './ColumnsMenu'
import type { ColumnLayout } from './column-layout'
import { loadLayout, saveLayout, visibleColumns } from './columns'
import { ExportButton } from './ExportButton'
import { FilterBar } from './FilterBar'
import { PaymentsTable } from './PaymentsTable'
import { usePaymentPages } from './usePaymentPages'
import { useTimeZone } from '../../lib/time-zone'

export default function PaymentsScreen() {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const timeZone = useTimeZone()
  const filter = useMemo(() => filterFromParams(params, timeZone), [params, timeZone])
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
  // The selected row belongs to one view: another filter or sort starts with none.
  const [selection, setSelection] = useState({ view: '', index: -1 })
  const search = useRef<HTMLInputElement>(null)
  const view = JSON.stringify([filter, sort])
  const selected = selection.view === view ? selection.index : -1
  const setSelected = useCallback((index: number) => setSelection({ view, index }), [view])

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
      setParams(
        (previous) => applyParamChanges(previous, changes),
        { replace: true },
      )
    },
    [setParams],
  )
  const onSort = useCallback((by: PaymentSort['by']) => update({ sort: by === 'date' ? null : by, dir: sort.by === by && sort.dir === 'desc' ? 'asc' : null }), [update, sort])
  const open = useCallback((row: PaymentListRow) => navigate(`/payments/${row.id}`), [navigate])
  const columns = useMemo(() => visibleColumns(layout), [layout])
  const changeLayout = (next: ColumnLayout) => {
    setLayout(next)
    saveLayout(next)
  }

  return (
    <section className="screen wide" aria-labelledby="screen-title">
      <header className="screen-header row">
        <div>
          <h1 id="screen-title">Payments</h1>
          <p className="subtitle" aria-live="polite" data-testid="totals">
            {totals ? (
              <>
                <strong>{totals.count.toLocaleString()}</strong> payments
                {totals.byCurrency.map((c) => (
                  <span key={c.currency} className="total-chip" title={`Authorised: ${formatMoney(c.authorised, c.currency)}`}>
                    {formatMoney(c.gross, c.currency)}
                  </span>
                ))}
              </>
            ) : (
              'Counting…'
            )}
          </p>
        </div>
        <div className="header-actions">
          <ColumnsMenu layout={layout} onChange={changeLayout} />
          <ExportButton filter={filter} sort={sort} />
        </div>
      </header>
      <SyncPanel />
      <FilterBar ref={search} params={params} onChange={update} />
      <ErrorAlert error={error} />
      {sort.by === 'amount' && filter.currency?.length !== 1 && (
        <p className="hint" role="note">
          Sorted by amount across currencies (each in its own minor units); choose one currency for a like-for-like order.
        </p>
      )}
      <PaymentsTable rows={rows} columns={columns} sort={sort} onSort={onSort} selected={selected} onSelect={setSelected} onOpen={open} hasMore={hasMore} loading={loading} onNeedMore={loadMore} emptyMessage={emptyMessage} timeZone={timeZone} />
    </section>
  )
}
