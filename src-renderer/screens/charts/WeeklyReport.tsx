import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts'
import { addDays, approvalRate, bucketOf, daysRange, dayOf, RESPONSE_CATEGORY_LABELS } from '../../../src-main/contract/reference'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { mismatchTotals, total } from '../../lib/check-mismatch'
import { formatDay, formatInstant } from '../../lib/format'
import { paymentsLink, percent, pointsChange } from '../../lib/insight-period'
import { useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { MoneySummary } from '../payments/MoneySummary'
import { rateText } from './chart-rows'

// A one-page summary of a week (Monday to Sunday in the chosen zone) for managers: approval and
// its trend, the top decline codes against the week before, the AVS/CVV mismatch share, flagged
// payments and the money per currency. Every figure comes from the same calls as the screens.
// Printed through Electron's PDF printer on the desktop (once data-print-ready shows the figures
// are in), the browser's print in the browser host.

const TOP_CODES = 5
const WEEK = /^\d{4}-\d{2}-\d{2}$/

export default function WeeklyReport() {
  const zone = useTimeZone()
  const [params, setParams] = useSearchParams()
  // The last whole week by default: the Monday before this week's.
  const [now] = useState(() => Date.now())
  const thisMonday = bucketOf(dayOf(now, zone), 'week')
  const asked = params.get('week')
  const monday = asked && WEEK.test(asked) ? bucketOf(asked, 'week') : addDays(thisMonday, -7)
  const sunday = addDays(monday, 6)
  const [printError, setPrintError] = useState<string | null>(null)
  const print = async () => {
    setPrintError(null)
    try {
      const answer = await call('desktop.printToPdf', { route: `/charts/weekly?week=${monday}`, suggestedName: `paydesk-weekly-${monday}.pdf` })
      if (answer.kind === 'use_browser_print') window.print()
    } catch (error) {
      setPrintError((error as Error).message)
    }
  }
  const weeks = Array.from({ length: 12 }, (_, i) => addDays(thisMonday, -7 * i))
  return (
    <section className="screen wide weekly-report" aria-labelledby="screen-title">
      <p className="crumbs no-print">
        <Link to="/charts">Approval rates</Link> › Weekly report
      </p>
      <header className="screen-header report-head">
        <h1 id="screen-title">
          Weekly report: {formatDay(monday)} – {formatDay(sunday)}
        </h1>
        <p className="subtitle" data-testid="report-scope">
          Monday to Sunday in {zone}, against the week before ({formatDay(addDays(monday, -7))} – {formatDay(addDays(monday, -1))}). Printed {formatInstant(new Date(now).toISOString(), zone)}.
        </p>
        <div className="header-actions no-print">
          <label className="filter">
            <span>Week</span>
            <select name="week" value={monday} onChange={(e) => setParams({ week: e.target.value }, { replace: true })}>
              {[...new Set([monday, ...weeks])].sort().reverse().map((w) => (
                <option key={w} value={w}>
                  {formatDay(w)} – {formatDay(addDays(w, 6))}
                  {w === thisMonday ? ' (so far)' : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void print()}>
            Print / PDF
          </button>
        </div>
      </header>
      <ErrorAlert error={printError} />
      <Report monday={monday} sunday={sunday} zone={zone} />
    </section>
  )
}

function Report({ monday, sunday, zone }: { monday: string; sunday: string; zone: string }) {
  const period = { first: monday, last: sunday, timeZone: zone }
  const { from, to } = daysRange(monday, sunday, zone)
  const approval = useCall('insights.approval', { ...period, grain: 'day', by: 'all', previous: true })
  const declines = useCall('insights.declines', period)
  const checks = useCall('insights.checks', period)
  const totals = useCall('payments.totals', { filter: { from, to } })
  const flagged = useCall('payments.totals', { filter: { from, to, flagged: true } })
  const error = [approval, declines, checks, totals, flagged].find((q) => q.error)?.error?.message ?? null
  if (error) return <ErrorAlert error={error} />
  if (!approval.data || !declines.data || !checks.data || !totals.data || !flagged.data) return <p className="muted">Counting…</p>
  const a = approval.data
  const sum = (list: number[]) => list.reduce((x, y) => x + y, 0)
  const [approved, attempts] = [sum(a.total.approved), sum(a.total.attempts)]
  const before = a.previous ? { approved: sum(a.previous.total.approved), attempts: sum(a.previous.total.attempts) } : null
  const trend = a.buckets.map((b, i) => ({ day: b.key, rate: approvalRate(a.total.approved[i]!, a.total.attempts[i]!) }))
  const { all, mismatched } = mismatchTotals(checks.data.cells)
  const week = { first: monday, last: sunday }
  return (
    <div className="report-grid" data-print-ready>
      <section className="card" aria-label="Approval">
        <h2>Approval</h2>
        <p className="big-figure" data-testid="report-approval">
          <strong>{rateText(approvalRate(approved, attempts))}</strong> of <Link to={paymentsLink(week, { outcome: 'attempted' })}>{attempts.toLocaleString()}</Link> attempts approved
          {before && <span className="muted"> ({pointsChange(approved, attempts, before.approved, before.attempts) || 'no attempts the week before'}; week before {rateText(approvalRate(before.approved, before.attempts))})</span>}
        </p>
        <LineChart width={420} height={150} data={trend} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} className="report-trend">
          <CartesianGrid stroke="#e5e7eb" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
          <YAxis domain={[0, 1]} tickFormatter={(r: number) => `${Math.round(r * 100)}%`} width={52} />
          <Line dataKey="rate" stroke="#2563eb" strokeWidth={2} isAnimationActive={false} connectNulls={false} />
        </LineChart>
        <table className="fees insight-table compact" data-testid="report-days">
          <tbody>
            {a.buckets.map((b, i) => (
              <tr key={b.key}>
                <td>{formatDay(b.key)}</td>
                <td className="num">{rateText(trend[i]!.rate)}</td>
                <td className="num muted">
                  {a.total.approved[i]!.toLocaleString()} / {a.total.attempts[i]!.toLocaleString()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="Top decline codes">
        <h2>Top decline codes</h2>
        <table className="fees insight-table compact" data-testid="report-codes">
          <thead>
            <tr>
              <th>Code</th>
              <th className="num">Declined</th>
              <th className="num">Week before</th>
              <th className="num">Change</th>
            </tr>
          </thead>
          <tbody>
            {declines.data.codes.slice(0, TOP_CODES).map((c) => (
              <tr key={c.code}>
                <td>
                  <strong>{c.code || 'none'}</strong> {c.summary} <span className="muted small">({RESPONSE_CATEGORY_LABELS[c.category]})</span>
                </td>
                <td className="num">{c.declined.toLocaleString()}</td>
                <td className="num">{c.previousDeclined.toLocaleString()}</td>
                <td className="num">{pointsChange(c.declined, declines.data.now.attempts, c.previousDeclined, declines.data.previous.attempts) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">Change: the code’s share of attempts, in points, against the week before.</p>
        <h2>Checks and risk</h2>
        <p data-testid="report-mismatch">
          <strong>{percent(total(mismatched), total(all))}</strong> of {total(all).toLocaleString()} payments had an AVS or CVV mismatch.
        </p>
        <p data-testid="report-flagged">
          <strong>
            <Link to={paymentsLink(week, { flagged: 'yes' })}>{flagged.data.count.toLocaleString()}</Link>
          </strong>{' '}
          {flagged.data.count === 1 ? 'payment' : 'payments'} flagged by Checkout.com’s risk checks.
        </p>
      </section>
      <div className="span-2" data-testid="report-money">
        <h2>Money per currency</h2>
        <MoneySummary totals={totals.data} period={`${formatDay(monday)} – ${formatDay(sunday)}`} timeZone={zone} />
      </div>
    </div>
  )
}
