import { useMemo } from 'react'
import { appLocale } from '../../lib/locale'
import { useCall } from '../../lib/queries'
import { filterFromParams } from '../../lib/payment-filter-url'
import { activeTab, STATUS_TABS, tabChanges, withTab, type StatusTab } from '../../lib/status-tabs'

interface Props {
  params: URLSearchParams
  timeZone: string
  onChange(changes: Record<string, string | null>): void
}

/** All, Authorized, Captured, Refunded, Declined, Flagged: each with its count under the other filters. */
export function StatusTabs({ params, timeZone, onChange }: Props) {
  const current = activeTab(params)
  return (
    <div className="status-tabs" role="tablist" aria-label="Payments by state">
      {STATUS_TABS.map((tab) => (
        <TabButton key={tab.key} tab={tab} params={params} timeZone={timeZone} selected={current?.key === tab.key} onSelect={() => onChange(tabChanges(tab))} />
      ))}
    </div>
  )
}

function TabButton({ tab, params, timeZone, selected, onSelect }: { tab: StatusTab; params: URLSearchParams; timeZone: string; selected: boolean; onSelect(): void }) {
  const filter = useMemo(() => filterFromParams(withTab(params, tab), timeZone, appLocale()), [params, tab, timeZone])
  const { data } = useCall('payments.totals', { filter })
  return (
    <button type="button" role="tab" aria-selected={selected} className={selected ? 'tab selected' : 'tab'} title={'hint' in tab ? tab.hint : 'Every payment in the other filters'} onClick={onSelect} data-tab={tab.key}>
      {tab.label} <span className="tab-count num">{data ? data.count.toLocaleString() : '…'}</span>
    </button>
  )
}
