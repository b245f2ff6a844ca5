import { useSearchParams } from 'react-router'
import { formatDay } from '../../lib/format'
import { INSIGHT_PERIODS, type InsightPeriod } from '../../lib/insight-period'

/** The period of an insights screen, in the address; says which days and zone it covers. */
export function PeriodPicker({ period, zone }: { period: InsightPeriod; zone: string }) {
  const [params, setParams] = useSearchParams()
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k)
      else next.set(k, v)
    }
    setParams(next)
  }
  return (
    <div className="period-picker">
      <label className="filter">
        <span>Period</span>
        <select name="period" value={period.key} onChange={(e) => set({ period: e.target.value, ...(e.target.value === 'custom' ? { from: period.first, to: period.last } : { from: null, to: null }) })}>
          {INSIGHT_PERIODS.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {period.key === 'custom' && (
        <>
          <label className="filter">
            <span>From</span>
            <input type="date" name="from" value={period.first ?? ''} onChange={(e) => e.target.value && set({ from: e.target.value })} />
          </label>
          <label className="filter">
            <span>To</span>
            <input type="date" name="to" value={period.last ?? ''} onChange={(e) => e.target.value && set({ to: e.target.value })} />
          </label>
        </>
      )}
      <span className="muted small" data-testid="period-text">
        {period.first && period.last ? `${formatDay(period.first)} – ${formatDay(period.last)}` : 'All payments on this computer'}, days in {zone}
      </span>
    </div>
  )
}
