import { Link, useSearchParams } from 'react-router'
import type { CheckCell } from '../../../src-main/contract'
import { AVS_CODES, CVV_CODES } from '../../../src-main/contract/reference'
import { ErrorAlert } from '../../components/ErrorAlert'
import { paymentsLink, percent, periodFromParams, type InsightPeriod } from '../../lib/insight-period'
import { useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { add, avsMismatch, cvvMismatch, mismatchTotals, total, zero, type Sum } from '../../lib/check-mismatch'
import { PeriodPicker } from './PeriodPicker'

const label = (code: string) => code || 'none'

/** What the address (AVS) and security code (CVV) checks said, and how payments fared with each answer. */
export default function ChecksScreen() {
  const zone = useTimeZone()
  const [params] = useSearchParams()
  const period = periodFromParams(params, zone)
  const query = useCall('insights.checks', { first: period.first, last: period.last, timeZone: zone })
  return (
    <section className="screen wide insights" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">AVS and CVV checks</h1>
        <p className="subtitle">
          Each card payment’s address check (AVS) against its security-code check (CVV): how many payments got each pair of answers, and the <strong>approval rate</strong> (approved of approved + declined; pending payments are counted but not rated). Click a count for the payments.
        </p>
      </header>
      <PeriodPicker period={period} zone={zone} />
      <ErrorAlert error={query.error?.message ?? null} />
      {query.isPending && <p className="muted">Counting…</p>}
      {query.data && <Checks cells={query.data.cells} period={period} />}
    </section>
  )
}

function Checks({ cells, period }: { cells: CheckCell[]; period: InsightPeriod }) {
  if (cells.length === 0) return <p className="muted card">No payments in this period.</p>
  const avsCodes = [...new Set(cells.map((c) => c.avs))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
  const cvvCodes = [...new Set(cells.map((c) => c.cvv))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
  const pair = new Map<string, Sum>()
  for (const c of cells) pair.set(`${c.avs}|${c.cvv}`, add(pair.get(`${c.avs}|${c.cvv}`) ?? zero, c))
  const { all, mismatched } = mismatchTotals(cells)
  const schemes = [...new Set(cells.map((c) => c.scheme))].sort()
  const rate = (s: Sum) => percent(s.approved, s.approved + s.declined)
  return (
    <>
      <section className="card insight-summary" aria-label="Mismatch share">
        <p className="big-figure" data-testid="mismatch-share">
          <strong>{percent(total(mismatched), total(all))}</strong> of {total(all).toLocaleString()} payments had a mismatch ({total(mismatched).toLocaleString()}: AVS no match or partial match, or CVV no match); approval rate {rate(mismatched)} with a mismatch against {rate(all)} overall.
        </p>
      </section>
      <section className="card" aria-label="AVS by CVV">
        <h2>AVS result × CVV result</h2>
        <div className="matrix-scroll">
          <table className="fees check-matrix" data-testid="check-matrix">
            <thead>
              <tr>
                <th>AVS \ CVV</th>
                {cvvCodes.map((cvv) => (
                  <th key={cvv} className="num" title={CVV_CODES.get(cvv)?.meaning ?? 'No CVV result'}>
                    {label(cvv)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {avsCodes.map((avs) => (
                <tr key={avs}>
                  <th scope="row" title={AVS_CODES.get(avs)?.meaning ?? 'No AVS result'} className={avsMismatch(avs) ? 'bad' : undefined}>
                    {label(avs)}
                  </th>
                  {cvvCodes.map((cvv) => {
                    const s = pair.get(`${avs}|${cvv}`)
                    return (
                      <td key={cvv} className={`num${avsMismatch(avs) || cvvMismatch(cvv) ? ' mismatch' : ''}`} data-cell={`${avs}|${cvv}`}>
                        {s ? (
                          <>
                            {avs && cvv ? <Link to={paymentsLink(period, { avs, cvv })}>{total(s).toLocaleString()}</Link> : total(s).toLocaleString()}
                            <div className="muted small">{rate(s)}</div>
                          </>
                        ) : (
                          <span className="muted">·</span>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">Each cell: payments, then their approval rate. Shaded: a mismatch. “none”: the check gave no answer (not a card payment, or the scheme did not check).</p>
      </section>
      <section className="card" aria-label="Checks by scheme">
        <h2>By scheme</h2>
        <table className="fees insight-table" data-testid="checks-by-scheme">
          <thead>
            <tr>
              <th>Scheme</th>
              <th className="num">Payments</th>
              <th className="num">Approval rate</th>
              <th className="num">AVS mismatch</th>
              <th className="num">CVV mismatch</th>
              <th className="num">Approval rate with a mismatch</th>
            </tr>
          </thead>
          <tbody>
            {schemes.map((scheme) => {
              const of = cells.filter((c) => c.scheme === scheme)
              const sum = of.reduce(add, zero)
              const avsBad = of.filter((c) => avsMismatch(c.avs)).reduce(add, zero)
              const cvvBad = of.filter((c) => cvvMismatch(c.cvv)).reduce(add, zero)
              const bad = of.filter((c) => avsMismatch(c.avs) || cvvMismatch(c.cvv)).reduce(add, zero)
              return (
                <tr key={scheme} data-scheme={scheme}>
                  <td>{scheme ? <Link to={paymentsLink(period, { scheme })}>{scheme}</Link> : 'Unknown'}</td>
                  <td className="num">{total(sum).toLocaleString()}</td>
                  <td className="num">{rate(sum)}</td>
                  <td className="num">{percent(total(avsBad), total(sum))}</td>
                  <td className="num">{percent(total(cvvBad), total(sum))}</td>
                  <td className="num">{rate(bad)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="What the codes mean">
        <h2>What the codes mean</h2>
        <dl className="code-meanings">
          {avsCodes.filter(Boolean).map((avs) => (
            <div key={`avs-${avs}`}>
              <dt>AVS {avs}</dt>
              <dd>{AVS_CODES.get(avs)?.meaning ?? 'Not in Checkout.com’s published table'}</dd>
            </div>
          ))}
          {cvvCodes.filter(Boolean).map((cvv) => (
            <div key={`cvv-${cvv}`}>
              <dt>CVV {cvv}</dt>
              <dd>{CVV_CODES.get(cvv)?.meaning ?? 'Not in Checkout.com’s published table'}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  )
}
