import { useEffect, useState } from 'react'
import type { ExportStatus } from '../../../src-main/contract'
import type { PaymentFilter, PaymentSort } from '../../../src-main/store/payment-filter'
import { call } from '../../lib/api'

/** Exports the whole filtered set to CSV, with progress and Cancel. */
export function ExportButton({ filter, sort }: { filter: PaymentFilter; sort: PaymentSort }) {
  const [status, setStatus] = useState<ExportStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (status?.state !== 'running') return
    const timer = setInterval(() => call('payments.export.status', {}).then(setStatus), 300)
    return () => clearInterval(timer)
  }, [status?.state])

  const start = async () => {
    setError(null)
    try {
      setStatus(await call('payments.export.start', { filter, sort }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const running = status?.state === 'running'
  const percent = status && status.total > 0 ? Math.round((status.rows / status.total) * 100) : 0
  return (
    <div className="export">
      {running ? (
        <>
          <div className="progress small" role="progressbar" aria-label="Export progress" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <span>
            {status.rows.toLocaleString()} / {status.total.toLocaleString()}
          </span>
          <button type="button" onClick={() => call('payments.export.cancel', {}).then(setStatus)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={start}>
          Export CSV
        </button>
      )}
      <span className="export-result" aria-live="polite">
        {status?.state === 'done' && (
          <>
            Exported {status.rows.toLocaleString()} rows to <code>{status.file}</code>
          </>
        )}
        {status?.state === 'failed' && <span className="alert error">Export failed: {status.error}</span>}
        {status?.state === 'cancelled' && <>Export cancelled.</>}
        {error && <span className="alert error">{error}</span>}
      </span>
    </div>
  )
}
