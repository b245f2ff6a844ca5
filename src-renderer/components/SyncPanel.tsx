import { useState } from 'react'
import type { SyncProgress, SyncStatus } from '../../src-main/contract'
import { call } from '../lib/api'
import { formatInstant } from '../lib/format'
import { setCallData, useCall } from '../lib/queries'
import { useTimeZone } from '../lib/time-zone'
import { ErrorAlert } from './ErrorAlert'

function eta(seconds: number | null): string {
  if (seconds === null) return ''
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`
  return `about ${Math.round(seconds / 60)} min left`
}

function progressText(progress: SyncProgress | null | undefined): string {
  if (!progress) return 'Asking Checkout.com for the first page of payments…'
  const counts = `${progress.payments.toLocaleString()} payments read (${progress.created.toLocaleString()} new, ${progress.updated.toLocaleString()} changed)`
  if (progress.phase === 'fees') return `${counts} · now reading fees and payouts from Checkout.com's reports…`
  if (progress.phase === 'recheck') return `${counts} · now re-reading payments the reports show changed…`
  return `${counts} · ${Math.round(progress.rate).toLocaleString()}/s${progress.etaSeconds !== null ? ` · ${eta(progress.etaSeconds)}` : ''}`
}

/**
 * "Sync now", the progress of a running sync with Cancel, and the last summary. The status
 * arrives as the main process pushes it (a sync started by the timer shows up too); the list
 * refetches by itself when a sync has changed payments.
 */
export function SyncPanel() {
  const { data: status = null, error: loadError } = useCall('sync.status', {})
  const [error, setError] = useState<string | null>(null)

  const act = async (name: 'sync.start' | 'sync.cancel') => {
    setError(null)
    try {
      setCallData('sync.status', {}, await call(name, {}))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const start = () => act('sync.start')
  const cancel = () => act('sync.cancel')

  const running = status?.state === 'running'
  const progress = status?.progress
  const percent = Math.round((progress?.fraction ?? 0) * 100)
  return (
    <div className="sync-panel card" aria-label="Sync with Checkout.com">
      <div className="sync-row">
        {running ? (
          <>
            <div className="progress" role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
              <div className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
            <span className="sync-text" aria-live="polite">
              {progressText(progress)}
            </span>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <span className="sync-text" aria-live="polite">
              <SyncOutcome status={status} />
            </span>
            <button type="button" className="primary" onClick={start}>
              Sync now
            </button>
          </>
        )}
      </div>
      <ErrorAlert error={error ?? loadError} />
      {status?.state === 'done' && status.result && status.result.failed.length > 0 && (
        <details className="sync-failures">
          <summary>{status.result.failed.length} payments could not be stored</summary>
          <ul>
            {status.result.failed.map((f) => (
              <li key={f.id}>
                <code>{f.id}</code>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

function SyncOutcome({ status }: { status: SyncStatus | null }) {
  const { data: last = null } = useCall('sync.last', {})
  const zone = useTimeZone()
  if (!status || status.state === 'idle') {
    if (!last) return <>Not synced yet on this computer for this account.</>
    return (
      <>
        Last synced {formatInstant(last.at, zone)}: <strong>{last.created.toLocaleString()}</strong> new,{' '}
        <strong>{last.updated.toLocaleString()}</strong> updated{last.stopped ? ' (stopped part-way; the next sync resumes)' : ''}.
      </>
    )
  }
  if (status.state === 'cancelled') return <>Sync cancelled; the next sync resumes where it stopped.</>
  if (status.state === 'failed') return <ErrorAlert inline>Sync failed: {status.error}</ErrorAlert>
  const s = status.result
  if (!s) return null
  const when = status.finishedAt ? formatInstant(status.finishedAt, zone) : ''
  if (s.stopped) {
    return (
      <span className="alert warning" role="status">
        Synced in part at {when}: <strong>{s.created.toLocaleString()}</strong> new, <strong>{s.updated.toLocaleString()}</strong> updated, then stopped: {s.stopped}
      </span>
    )
  }
  return (
    <>
      Synced at {when}: <strong>{s.created.toLocaleString()}</strong> new, <strong>{s.updated.toLocaleString()}</strong> updated
      {s.failed.length ? (
        <>
          , <strong className="bad">{s.failed.length}</strong> failed
        </>
      ) : null}{' '}
      ({(s.durationMs / 1000).toFixed(1)} s{s.resumed ? ', resumed' : ''}).
    </>
  )
}
