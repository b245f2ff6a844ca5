import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { ReconciledLine } from '../../../src-main/contract'
import { addDays, dayOf } from '../../../src-main/contract/reference'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatDay, formatInstant } from '../../lib/format'
import { callKey, queryClient, useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'
import { DayBadge, Lines, Payouts, Summary } from './DayParts'
import { ImportOrders } from './ImportOrders'
import { MatchingRules } from './MatchingRules'
import { ReopenDialog } from './ReopenDialog'
import { STATE_LABELS } from './labels'

/** Finance's day: the shop's orders against Checkout.com's payments and payouts, every difference explained, then closed. */
export default function ReconciliationScreen() {
  const zone = useTimeZone()
  const [params, setParams] = useSearchParams()
  // Today in the zone, read once when the screen opens (a day boundary passing meanwhile does not move the view).
  const [today] = useState(() => dayOf(Date.now(), zone))
  const yesterday = addDays(today, -1)
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('day') ?? '') ? params.get('day')! : yesterday
  // A day is closed once it is over (the main process checks it again against its clock).
  const ended = day < today
  const state = (params.get('state') as ReconciledLine['state'] | null) ?? undefined
  const input = useMemo(() => ({ day, timeZone: zone, ...(state ? { state } : {}) }), [day, zone, state])
  const { data, error } = useCall('recon.day', input)
  const [problem, setProblem] = useState<string | null>(null)
  const [exported, setExported] = useState<string | null>(null)
  const [reopening, setReopening] = useState(false)
  const setParam = (key: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p)
      if (value === null) next.delete(key)
      else next.set(key, value)
      return next
    })
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null)
    try {
      const result = await work()
      if (result && typeof result === 'object' && 'lines' in result) queryClient.setQueryData(callKey('recon.day', input), result)
      await queryClient.invalidateQueries({ queryKey: ['recon.day'] })
    } catch (e) {
      setProblem((e as Error).message)
    }
  }
  const print = async () => {
    const answer = await call('desktop.printToPdf', { route: `/reconciliation?day=${day}`, suggestedName: `paydesk-reconciliation-${day}.pdf` })
    if (answer.kind === 'use_browser_print') window.print()
  }

  return (
    <section className="screen wide recon" aria-labelledby="screen-title">
      <header className="screen-header row">
        <div>
          <h1 id="screen-title">Reconciliation</h1>
          <p className="subtitle">
            {formatDay(day)} in {data?.timeZone ?? zone}
            {data && <DayBadge data={data} />}
          </p>
        </div>
        <div className="header-actions no-print">
          <label className="filter inline">
            <span>Day</span>
            <input type="date" name="day" value={day} max={today} onChange={(e) => e.target.value && setParam('day', e.target.value)} />
          </label>
          <button type="button" onClick={() => void act(async () => setExported((await call('recon.export', { day, timeZone: zone }))?.file ?? null))}>
            Export CSV
          </button>
          <button type="button" onClick={() => void print()}>
            Print / PDF
          </button>
          {data?.state === 'closed' ? (
            <button type="button" onClick={() => setReopening(true)}>
              Reopen day…
            </button>
          ) : (
            <button type="button" className="primary" disabled={data?.state !== 'balanced' || !ended} title={!ended ? `This day has not ended yet in ${zone}: it can be closed once it is over` : data?.state === 'balanced' ? 'Lock the day: nothing changes it until it is reopened' : 'Explain every difference first'} onClick={() => void act(() => call('recon.close', { day, timeZone: zone }))}>
              Close day
            </button>
          )}
        </div>
      </header>
      {reopening && (
        <ReopenDialog
          day={day}
          onClose={() => setReopening(false)}
          onReopen={async (why) => {
            const result = await call('recon.reopen', { day, timeZone: zone, why })
            queryClient.setQueryData(callKey('recon.day', input), result)
            await queryClient.invalidateQueries({ queryKey: ['recon.day'] })
            setReopening(false)
          }}
        />
      )}
      {data && (
        <p className="print-only" data-print-ready>
          Reconciliation report for {formatDay(day)} ({zone}): {data.state === 'closed' ? `closed by ${data.closed?.by} at ${formatInstant(data.closed?.at ?? '', zone)}` : 'not closed'}. Printed at {formatInstant(new Date().toISOString(), zone)}. Matched lines are left out; the differences and how each was explained follow the totals.
        </p>
      )}
      {data?.closed && data.closed.changes.length > 0 && (
        <div className="alert warning" role="status">
          <p>
            Since {data.closed.by} closed this day ({formatInstant(data.closed.at, zone)}), its figures changed. The day stays closed with the totals it had; reopen it to reconcile the changes:
          </p>
          <ul>
            {data.closed.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      {exported && (
        <p className="alert success no-print" role="status">
          Exported to <code>{exported}</code>
        </p>
      )}
      <ErrorAlert error={problem ?? error} />
      <MatchingRules />
      <div className="no-print">
        <ImportOrders timeZone={zone} onDone={() => void queryClient.invalidateQueries({ queryKey: ['recon.day'] })} />
      </div>
      {data && (
        <>
          <Summary data={data} />
          <div className="state-chips no-print" role="group" aria-label="Lines by state">
            <button type="button" className={!state ? 'chip selected' : 'chip'} onClick={() => setParam('state', null)}>
              All {Object.values(data.counts).reduce((a, b) => a + b, 0).toLocaleString()}
            </button>
            {Object.entries(data.counts).map(([s, n]) => (
              <button key={s} type="button" data-state={s} className={state === s ? 'chip selected' : `chip ${s === 'matched' ? '' : 'warn'}`} onClick={() => setParam('state', s)}>
                {STATE_LABELS[s as ReconciledLine['state']]} {n.toLocaleString()}
              </button>
            ))}
          </div>
          <Lines data={data} day={day} zone={zone} onAct={act} />
          <Payouts data={data} />
          {data.history.length > 0 && (
            <section className="card" aria-label="Day history">
              <h2>History</h2>
              <ul>
                {data.history.map((h, i) => (
                  <li key={i}>
                    {formatInstant(h.at, zone)}: {h.by} {h.action === 'close' ? 'closed the day' : `reopened the day: “${h.why}”`}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  )
}
