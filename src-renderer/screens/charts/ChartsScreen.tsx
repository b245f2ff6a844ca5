import { useRef, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts'
import { APPROVAL_BY, type ApprovalSeries, type CallInput } from '../../../src-main/contract'
import { APPROVAL_GRAINS, APPROVAL_MAX_SERIES as MAX_SERIES, approvalRate, seriesLabel, type ApprovalGrain } from '../../../src-main/contract/reference'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatDay } from '../../lib/format'
import { paymentsLink, periodFromParams, pointsChange, type InsightPeriod } from '../../lib/insight-period'
import { useCall } from '../../lib/queries'
import { SLICE_LABELS, SLICE_PARAMS } from '../../lib/slices'
import { useTimeZone } from '../../lib/time-zone'
import { PeriodPicker } from '../insights/PeriodPicker'
import { chartPng } from './chart-image'
import { chartLines, chartRows, field, rateText, type ChartLine, type ChartRow } from './chart-rows'

type By = (typeof APPROVAL_BY)[number]
const BY_LABELS: Record<By, string> = { all: 'All payments', ...SLICE_LABELS }
const GRAIN_LABELS: Record<ApprovalGrain, string> = { day: 'By day', week: 'By week (from Monday)', month: 'By month' }
const LINE_COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2']

/** The chart's settings, kept in the address with the period (#/charts?period=30d&by=scheme&values=Visa,Mastercard). */
function chartParams(params: URLSearchParams) {
  const grain = (APPROVAL_GRAINS as readonly string[]).includes(params.get('grain') ?? '') ? (params.get('grain') as ApprovalGrain) : 'day'
  const by = (APPROVAL_BY as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as By) : 'all'
  const values = params.get('values')
  return { grain, by, values: by !== 'all' && values !== null ? values.split(',').slice(0, MAX_SERIES) : undefined, previous: params.get('prev') === '1' }
}

/** Approval rate over time, overall or compared by one dimension, with the table behind it. */
export default function ChartsScreen() {
  const zone = useTimeZone()
  const [params, setParams] = useSearchParams()
  const period = periodFromParams(params, zone)
  const settings = chartParams(params)
  const input = { first: period.first, last: period.last, timeZone: zone, grain: settings.grain, by: settings.by, ...(settings.values ? { values: settings.values } : {}), previous: settings.previous }
  const query = useCall('insights.approval', input, { placeholderData: (previous) => previous })
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k)
      else next.set(k, v)
    }
    setParams(next, { replace: true })
  }
  return (
    <section className="screen wide insights charts" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Approval rates</h1>
        <p className="subtitle">
          The share of <strong>attempts</strong> that were <strong>approved</strong>, per {settings.grain} in {zone}. An attempt is a payment Checkout.com approved or declined: card verifications count, each retry of an order is an attempt of its own, and a 3-D Secure payment the customer never finished is not one (it stays pending). Approved: authorised, or the card verified. <Link to={`/charts/weekly`}>Weekly report</Link>
        </p>
      </header>
      <div className="chart-controls">
        <PeriodPicker period={period} zone={zone} />
        <label className="filter">
          <span>Buckets</span>
          <select name="grain" value={settings.grain} onChange={(e) => set({ grain: e.target.value })}>
            {APPROVAL_GRAINS.map((g) => (
              <option key={g} value={g}>
                {GRAIN_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Compare</span>
          <select name="by" value={settings.by} onChange={(e) => set({ by: e.target.value === 'all' ? null : e.target.value, values: null })}>
            {APPROVAL_BY.map((b) => (
              <option key={b} value={b}>
                {b === 'all' ? 'Nothing: all payments' : `By ${BY_LABELS[b].toLowerCase()}`}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="previous" checked={settings.previous} disabled={!period.first} onChange={(e) => set({ prev: e.target.checked ? '1' : null })} />
          Against the period before
        </label>
      </div>
      <ErrorAlert error={query.error?.message ?? null} />
      {query.isPending && <p className="muted">Counting…</p>}
      {query.data && <ValuePicker data={query.data} chosen={query.data.series.map((s) => s.value)} onChange={(values) => set({ values: values.join(',') })} />}
      {query.data && <Chart data={query.data} period={period} input={input} />}
    </section>
  )
}

/** Which values of the dimension are drawn (at most six); the most attempted ones until chosen. */
function ValuePicker({ data, chosen, onChange }: { data: ApprovalSeries; chosen: string[]; onChange: (values: string[]) => void }) {
  if (data.by === 'all') return null
  const toggle = (value: string) => onChange(chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value])
  return (
    <fieldset className="card value-picker">
      <legend>
        Series: up to {MAX_SERIES} of {data.choices.length} {BY_LABELS[data.by].toLowerCase()} values with attempts, most attempted first
      </legend>
      {data.choices.map((c) => (
        <label key={c.value} className="check">
          <input type="checkbox" checked={chosen.includes(c.value)} disabled={!chosen.includes(c.value) && chosen.length >= MAX_SERIES} onChange={() => toggle(c.value)} />
          {seriesLabel(data.by, c.value)} <span className="muted small">{c.attempts.toLocaleString()}</span>
        </label>
      ))}
    </fieldset>
  )
}

function Chart({ data, period, input }: { data: ApprovalSeries; period: InsightPeriod; input: CallInput<'insights.approval'> }) {
  const navigate = useNavigate()
  const [showTable, setShowTable] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const box = useRef<HTMLDivElement>(null)
  // A point's click names its line here; the chart's click (after it) knows the bucket.
  const clickedLine = useRef<ChartLine | null>(null)
  const lines = chartLines(data)
  const rows = chartRows(data, lines)
  const attempted = data.total.attempts.reduce((a, b) => a + b, 0)
  const what = `Approval rate ${data.by === 'all' ? 'of all payments' : `by ${BY_LABELS[data.by].toLowerCase()}`}, ${data.period.first ? `${formatDay(data.period.first)} – ${formatDay(data.period.last!)}` : 'all time'}, per ${data.grain} in ${data.period.timeZone}`
  // The payments behind a bucket: its days, attempted, of the line's value (all of them for the bars).
  const listFor = (row: Pick<ChartRow, 'first' | 'last'>, line: ChartLine | null) => paymentsLink(row, { outcome: 'attempted', ...(line?.value && data.by !== 'all' ? SLICE_PARAMS[data.by](line.value) : {}) })
  const linkable = (line: ChartLine) => line.value === null || (line.value !== '' && !(data.by === 'bin' && !/^\d{6}$/.test(line.value)))
  const exportCsv = async () => {
    setFailed(null)
    try {
      setSaved((await call('insights.approval.exportCsv', input))?.file ?? null)
    } catch (error) {
      setFailed((error as Error).message)
    }
  }
  const exportPng = async () => {
    setFailed(null)
    try {
      const svg = box.current?.querySelector('.recharts-wrapper > svg.recharts-surface')
      if (!(svg instanceof SVGSVGElement)) throw new Error('The chart is not drawn yet.')
      const name = `paydesk-approval-${data.by}-${data.grain}-${data.period.first ?? 'all'}-${data.period.last ?? 'all'}`
      setSaved((await call('insights.approval.savePng', { name, png: await chartPng(svg, what) }))?.file ?? null)
    } catch (error) {
      setFailed((error as Error).message)
    }
  }
  if (attempted === 0) return <p className="muted card">No payments were attempted in this period.</p>
  return (
    <>
      <section className="card" aria-label="Approval rate chart">
        <div className="card-head">
          <h2>{what}</h2>
          <div className="header-actions no-print">
            <button type="button" aria-expanded={showTable} onClick={() => setShowTable(!showTable)}>
              {showTable ? 'Hide table' : 'Show table'}
            </button>
            <button type="button" onClick={() => void exportCsv()}>
              Export CSV
            </button>
            <button type="button" onClick={() => void exportPng()}>
              Export PNG
            </button>
          </div>
        </div>
        {saved && (
          <p className="muted small" role="status" data-testid="chart-saved">
            Saved {saved}
          </p>
        )}
        <ErrorAlert error={failed} />
        <p className="muted small">Lines: approval rate (left axis); bars: attempts of all payments (right axis). A gap is a {data.grain} with no attempts. Click a day (its bar) for all its attempted payments, or a point for that line’s.</p>
        <div className="chart" ref={box} data-testid="approval-chart">
          <ResponsiveContainer width="100%" height={320}>
            <ComposedChart
              data={rows}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
              style={{ cursor: 'pointer' }}
              onClick={(state) => {
                const line = clickedLine.current
                clickedLine.current = null
                const index = Number(state.activeTooltipIndex)
                if (Number.isInteger(index) && rows[index]) navigate(listFor(rows[index], line))
              }}
            >
              <CartesianGrid stroke="#e5e7eb" />
              <XAxis dataKey="key" tickFormatter={(d: string) => (data.grain === 'month' ? d.slice(0, 7) : d.slice(5))} minTickGap={24} />
              <YAxis yAxisId="rate" domain={[0, 1]} tickFormatter={(r: number) => `${Math.round(r * 100)}%`} width={48} />
              <YAxis yAxisId="attempts" orientation="right" allowDecimals={false} width={56} />
              <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload as never} lines={lines} hasPrevious={!!data.previous} />} />
              {/* Legend text in the page's colour: the attempts bars' pale fill is unreadable as text. */}
              <Legend formatter={(value: string) => <span className="legend-text">{value}</span>} />
              <Bar yAxisId="attempts" dataKey="attempts" name="Attempts" fill="#cbd5e1" isAnimationActive={false} />
              {lines.map((line, i) => (
                <Line
                  key={line.key}
                  yAxisId="rate"
                  type="linear"
                  dataKey={field('rate', line)}
                  name={line.label}
                  stroke={LINE_COLOURS[i % LINE_COLOURS.length]}
                  strokeWidth={2}
                  dot={rows.length <= 31}
                  connectNulls={false}
                  isAnimationActive={false}
                  activeDot={{ r: 6, onClick: () => void (clickedLine.current = linkable(line) ? line : null) }}
                />
              ))}
              {data.previous && <Line yAxisId="rate" type="linear" dataKey="previousRate" name="All payments, period before" stroke="#6b7280" strokeDasharray="5 4" dot={false} connectNulls={false} isAnimationActive={false} />}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
        {showTable && <ChartTable data={data} rows={rows} lines={lines} listFor={listFor} linkable={linkable} />}
      </section>
      <Summary data={data} lines={lines} period={period} listFor={listFor} linkable={linkable} />
    </>
  )
}

function ChartTooltip({ active, payload, lines, hasPrevious }: Pick<TooltipContentProps<number, string>, 'active' | 'payload'> & { lines: ChartLine[]; hasPrevious: boolean }) {
  const row = payload?.[0]?.payload as ChartRow | undefined
  if (!active || !row) return null
  return (
    <div className="chart-tooltip">
      <strong>{row.label}</strong>
      {lines.map((line) => (
        <div key={line.key}>
          {line.label}: {rateText(row[field('rate', line)] as number | null)} <span className="muted">({Number(row[field('approved', line)]).toLocaleString()} approved / {Number(row[field('attempts', line)]).toLocaleString()} attempts)</span>
        </div>
      ))}
      <div className="muted">All attempts: {row.attempts.toLocaleString()}</div>
      {hasPrevious && <div className="muted">Period before: {rateText(row.previousRate)}</div>}
    </div>
  )
}

/** Each line over the whole period, against the period before. */
function Summary({ data, lines, period, listFor, linkable }: { data: ApprovalSeries; lines: ChartLine[]; period: InsightPeriod; listFor: (row: Pick<ChartRow, 'first' | 'last'>, line: ChartLine | null) => string; linkable: (line: ChartLine) => boolean }) {
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0)
  const sets = data.by === 'all' ? [data.total] : data.series
  const before = data.previous ? (data.by === 'all' ? [data.previous.total] : data.previous.series) : null
  const whole = { first: data.period.first ?? '', last: data.period.last ?? '' }
  return (
    <section className="card approval-summary" aria-label="Approval over the period">
      <table className="fees insight-table" data-testid="approval-summary">
        <thead>
          <tr>
            <th>{data.by === 'all' ? 'Payments' : BY_LABELS[data.by]}</th>
            <th className="num">Approved</th>
            <th className="num">Attempts</th>
            <th className="num">Approval rate</th>
            {before && <th className="num">Period before</th>}
            {before && <th className="num">Change</th>}
          </tr>
        </thead>
        <tbody>
          {sets.map((s, k) => {
            const line = lines[k]!
            const [approved, attempts] = [sum(s.approved), sum(s.attempts)]
            const prior = before?.[k]
            return (
              <tr key={line.key}>
                <td>{line.label}</td>
                <td className="num">{approved.toLocaleString()}</td>
                <td className="num">{period.first && linkable(line) ? <Link to={listFor(whole, line)}>{attempts.toLocaleString()}</Link> : attempts.toLocaleString()}</td>
                <td className="num">{rateText(approvalRate(approved, attempts))}</td>
                {prior && <td className="num">{rateText(approvalRate(sum(prior.approved), sum(prior.attempts)))}</td>}
                {prior && <td className="num">{pointsChange(approved, attempts, sum(prior.approved), sum(prior.attempts)) || '—'}</td>}
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

/** The numbers the chart draws, bucket by bucket; each count opens its payments. */
function ChartTable({ data, rows, lines, listFor, linkable }: { data: ApprovalSeries; rows: ChartRow[]; lines: ChartLine[]; listFor: (row: ChartRow, line: ChartLine | null) => string; linkable: (line: ChartLine) => boolean }) {
  const other = data.other
  return (
    <div className="table-scroll">
      <table className="fees insight-table" data-testid="approval-table">
        <thead>
          <tr>
            <th>{data.grain === 'day' ? `Day (${data.period.timeZone})` : data.grain === 'week' ? 'Week' : 'Month'}</th>
            {lines.map((line) => (
              <th key={line.key} className="num" colSpan={2}>
                {line.label}
              </th>
            ))}
            {other && (
              <th className="num" colSpan={2}>
                Other
              </th>
            )}
            <th className="num">All attempts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.key} data-bucket={row.key}>
              <td>{row.label}</td>
              {lines.map((line) => (
                <RateCells key={line.key} rate={row[field('rate', line)] as number | null} approved={row[field('approved', line)] as number} attempts={row[field('attempts', line)] as number} to={linkable(line) ? listFor(row, line) : null} />
              ))}
              {other && <RateCells rate={approvalRate(other.approved[i]!, other.attempts[i]!)} approved={other.approved[i]!} attempts={other.attempts[i]!} to={null} />}
              <td className="num">{row.attempts > 0 ? <Link to={listFor(row, null)}>{row.attempts.toLocaleString()}</Link> : '0'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function RateCells({ rate, approved, attempts, to }: { rate: number | null; approved: number; attempts: number; to: string | null }) {
  return (
    <>
      <td className="num">{rateText(rate)}</td>
      <td className="num muted small">
        {approved.toLocaleString()} / {to && attempts > 0 ? <Link to={to}>{attempts.toLocaleString()}</Link> : attempts.toLocaleString()}
      </td>
    </>
  )
}
