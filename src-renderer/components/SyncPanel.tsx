import { useCallback, useEffect, useRef, useState } from 'react'
import type { SyncStatus } from '../../src-main/contract'
import { call } from '../lib/api'

const POLL_MS = 400

function eta(seconds: number | null): string {
  if (seconds === null) return ''
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`
  return `about ${Math.round(seconds / 60)} min left`
}

/** "Sync now", the progress of a running sync with Cancel, and the last summary. */
export function SyncPanel({ onFinished }: { onFinished?: () => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  const wasRunning = useRef(false)
  // The parent passes a new function on each render; keeping it in a ref keeps `poll` stable,
  // so a re-render of the screen (a page loaded, a row selected) does not ask for the status again.
  const finished = useRef(onFinished)
  finished.current = onFinished

  const poll = useCallback(async () => {
    try {
      const next = await call('sync.status', {})
      setStatus(next)
      if (wasRunning.current && next.state !== 'running') finished.current?.()
      wasRunning.current = next.state === 'running'
    } catch (e) {
      setError((e as Error).message)
    }
  }, [])

  useEffect(() => {
    void poll()
  }, [poll])
  useEffect(() => {
    if (status?.state !== 'running') return
    const timer = setInterval(() => void poll(), POLL_MS)
    return () => clearInterval(timer)
  }, [status?.state, poll])

  const start = async () => {
    setError(null)
    try {
      const next = await call('sync.start', {})
      wasRunning.current = true
      setStatus(next)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const cancel = async () => setStatus(await call('sync.cancel', {}))

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
              {progress ? `${progress.payments.toLocaleString()} payments · ${Math.round(progress.rate).toLocaleString()}/s · ${eta(progress.etaSeconds)}` : 'Starting…'}
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
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {status?.state === 'done' && status.summary && status.summary.failed.length > 0 && (
        <details className="sync-failures">
          <summary>{status.summary.failed.length} payments could not be stored</summary>
          <ul>
            {status.summary.failed.map((f) => (
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
  if (!status || status.state === 'idle') return <>Not synced yet in this session.</>
  if (status.state === 'cancelled') return <>Sync cancelled; the next sync resumes where it stopped.</>
  if (status.state === 'failed') return <span className="alert error" role="alert">Sync failed: {status.error}</span>
  const s = status.summary!
  const when = status.finishedAt ? new Date(status.finishedAt).toLocaleTimeString() : ''
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
