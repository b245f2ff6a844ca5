import { useSearchParams, Link } from 'react-router'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { DeclineBreakdown, DeclineSlice } from '../../../src-main/contract'
import { CARD_DETAIL_ADVICE, CARD_DETAIL_CODES, DECLINE_ADVICE, DECLINE_SLICES, RESPONSE_CATEGORY_LABELS, type ResponseCategory } from '../../../src-main/contract/reference'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDay, formatMoney } from '../../lib/format'
import { paymentsLink, percent, periodFromParams, pointsChange, type InsightPeriod } from '../../lib/insight-period'
import { useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { SLICE_HEADINGS, SLICE_LABELS, SLICE_PARAMS, sliceValue } from '../../lib/slices'
import { PeriodPicker } from './PeriodPicker'

const DECLINE_CATEGORIES = ['soft_decline', 'hard_decline', 'risk', 'error'] as const
const LINE_COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed']

/** Why payments decline: by code and category, by slice, per day, against the period before. */
export default function DeclinesScreen() {
  const zone = useTimeZone()
  const [params] = useSearchParams()
  const period = periodFromParams(params, zone)
  const query = useCall('insights.declines', { first: period.first, last: period.last, timeZone: zone })
  const data = query.data
  return (
    <section className="screen wide insights" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Declines</h1>
        <p className="subtitle">
          Why payments were declined, by Checkout.com’s response code. An <strong>attempt</strong> is a payment approved or declined (a 3-D Secure payment the customer never finished is pending, not counted). Click a figure for the payments behind it.
        </p>
      </header>
      <PeriodPicker period={period} zone={zone} />
      <ErrorAlert error={query.error?.message ?? null} />
      {query.isPending && <p className="muted">Counting…</p>}
      {data && <Declines data={data} period={period} />}
    </section>
  )
}

function Declines({ data, period }: { data: DeclineBreakdown; period: InsightPeriod }) {
  const previous = data.period.previous
  const vsPrevious = previous ? `against ${formatDay(previous.first)} – ${formatDay(previous.last)}` : ''
  if (data.now.attempts === 0) return <p className="muted card">No payments were attempted in this period.</p>
  const byCategory = new Map<ResponseCategory, { now: number; previous: number }>()
  for (const code of data.codes) {
    const sum = byCategory.get(code.category) ?? { now: 0, previous: 0 }
    sum.now += code.declined
    sum.previous += code.previousDeclined
    byCategory.set(code.category, sum)
  }
  return (
    <>
      <section className="card insight-summary" aria-label="Decline rate">
        <p className="big-figure">
          <Link to={paymentsLink(period, { outcome: 'declined' })} data-testid="declined-total">
            {data.now.declined.toLocaleString()}
          </Link>{' '}
          declined of {data.now.attempts.toLocaleString()} attempts: <strong>{percent(data.now.declined, data.now.attempts)}</strong>{' '}
          {previous && (
            <span className="muted">
              ({pointsChange(data.now.declined, data.now.attempts, data.previous.declined, data.previous.attempts) || 'no attempts before'} {vsPrevious}: {percent(data.previous.declined, data.previous.attempts)})
            </span>
          )}
        </p>
      </section>
      <section className="card" aria-label="Declines by kind">
        <h2>By kind of decline</h2>
        <table className="fees insight-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th className="num">Declined</th>
              <th className="num">Share of attempts</th>
              {previous && <th className="num">Change</th>}
              <th>What you can do</th>
            </tr>
          </thead>
          <tbody>
            {DECLINE_CATEGORIES.filter((c) => byCategory.has(c)).map((category) => {
              const sum = byCategory.get(category)!
              return (
                <tr key={category} data-category={category}>
                  <td>{RESPONSE_CATEGORY_LABELS[category]}</td>
                  <td className="num">
                    <Link to={paymentsLink(period, { outcome: 'declined', category })}>{sum.now.toLocaleString()}</Link>
                  </td>
                  <td className="num">{percent(sum.now, data.now.attempts)}</td>
                  {previous && <td className="num">{pointsChange(sum.now, data.now.attempts, sum.previous, data.previous.attempts)}</td>}
                  <td className="advice">{DECLINE_ADVICE[category]}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="Declines by response code">
        <h2>By response code</h2>
        <table className="fees insight-table" data-testid="codes-table">
          <thead>
            <tr>
              <th>Code</th>
              <th>Meaning</th>
              <th>Kind</th>
              <th className="num">Declined</th>
              <th className="num">Share of attempts</th>
              {previous && <th className="num">Change</th>}
              <th className="num">Amount declined</th>
            </tr>
          </thead>
          <tbody>
            {data.codes.map((code) => (
              <tr key={code.code} data-code={code.code}>
                <td>{code.code ? <code>{code.code}</code> : 'none'}</td>
                <td>
                  {code.summary}
                  {CARD_DETAIL_CODES.has(code.code) && <div className="muted small">{CARD_DETAIL_ADVICE}</div>}
                </td>
                <td>{RESPONSE_CATEGORY_LABELS[code.category]}</td>
                <td className="num">{code.code ? <Link to={paymentsLink(period, { outcome: 'declined', code: code.code })}>{code.declined.toLocaleString()}</Link> : code.declined.toLocaleString()}</td>
                <td className="num">{percent(code.declined, data.now.attempts)}</td>
                {previous && <td className="num">{pointsChange(code.declined, data.now.attempts, code.previousDeclined, data.previous.attempts)}</td>}
                <td className="num">
                  {code.amounts.map((a) => (
                    <div key={a.currency}>{formatMoney(a.amount, a.currency)}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {data.trend.series.length > 0 && <Trend trend={data.trend} zone={data.period.timeZone} />}
      <div className="slices">
        {DECLINE_SLICES.map((slice) => (
          <SliceTable key={slice} slice={slice} period={period} zone={data.period.timeZone} compare={previous !== null} />
        ))}
      </div>
    </>
  )
}

/** One slice, its own call: the slices fill in as each is counted (BINs, the most cells, last). */
function SliceTable({ slice, period, zone, compare }: { slice: DeclineSlice; period: InsightPeriod; zone: string; compare: boolean }) {
  const query = useCall('insights.declineSlice', { first: period.first, last: period.last, timeZone: zone, slice })
  const data = query.data
  return (
    <section className="card" aria-label={`Declines by ${SLICE_LABELS[slice]}`}>
      <h2>By {SLICE_HEADINGS[slice]}</h2>
      <ErrorAlert error={query.error?.message ?? null} />
      {!data && !query.error && <p className="muted">Counting…</p>}
      {data && (
        <table className="fees insight-table" data-slice={slice}>
          <thead>
            <tr>
              <th>{SLICE_LABELS[slice]}</th>
              <th className="num">Attempts</th>
              <th className="num">Declined</th>
              <th className="num">Rate</th>
              {compare && <th className="num">Change</th>}
              <th>Soft / hard / risk / error</th>
            </tr>
          </thead>
          <tbody>
            {[...data.rows, ...(data.others ? [data.others] : [])].map((row) => {
              const isOthers = row === data.others
              return (
                <tr key={row.value} data-value={row.value}>
                  <td>{isOthers ? row.value : sliceValue(slice, row.value)}</td>
                  <td className="num">{row.now.attempts.toLocaleString()}</td>
                  <td className="num">{isOthers || row.value === '' ? row.now.declined.toLocaleString() : <Link to={paymentsLink(period, { outcome: 'declined', ...SLICE_PARAMS[slice](row.value) })}>{row.now.declined.toLocaleString()}</Link>}</td>
                  <td className="num">{percent(row.now.declined, row.now.attempts)}</td>
                  {compare && <td className="num">{pointsChange(row.now.declined, row.now.attempts, row.previous.declined, row.previous.attempts)}</td>}
                  <td className="muted small">{DECLINE_CATEGORIES.map((c) => (row.declinedBy[c] ?? 0).toLocaleString()).join(' / ')}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

function Trend({ trend, zone }: { trend: DeclineBreakdown['trend']; zone: string }) {
  const rows = trend.days.map((day, i) => ({ day, ...Object.fromEntries(trend.series.map((s) => [s.code, s.counts[i]])) }))
  return (
    <section className="card" aria-label="Declines per day">
      <h2>Per day, top codes</h2>
      <p className="muted small">Declined payments per calendar day in {zone}{trend.days.length === 90 ? ', the last 90 days of the period' : ''}.</p>
      <div className="chart" data-testid="decline-trend">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
            <YAxis allowDecimals={false} width={48} />
            <Tooltip labelFormatter={(d) => formatDay(String(d))} />
            <Legend />
            {trend.series.map((s, i) => (
              <Line key={s.code} type="linear" dataKey={s.code} name={s.code} stroke={LINE_COLOURS[i % LINE_COLOURS.length]} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  )
}
