import { useState } from 'react'
import type { PaymentFilter, PaymentSort } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { setCallData, useCall } from '../../lib/queries'

/** Exports the whole filtered set to CSV, with progress and Cancel; progress is pushed by the main process. */
export function ExportButton({ filter, sort }: { filter: PaymentFilter; sort: PaymentSort }) {
  const { data: status = null } = useCall('payments.export.status', {})
  const [error, setError] = useState<string | null>(null)

  const act = async (work: () => ReturnType<typeof call<'payments.export.status'>>) => {
    setError(null)
    try {
      setCallData('payments.export.status', {}, await work())
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const running = status?.state === 'running'
  const progress = status?.progress
  const percent = progress && progress.total > 0 ? Math.round((progress.rows / progress.total) * 100) : 0
  return (
    <div className="export">
      {running ? (
        <>
          <div className="progress small" role="progressbar" aria-label="Export progress" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <span>
            {(progress?.rows ?? 0).toLocaleString()} / {(progress?.total ?? 0).toLocaleString()}
          </span>
          <button type="button" onClick={() => act(() => call('payments.export.cancel', {}))}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => act(() => call('payments.export.start', { filter, sort }))}>
          Export CSV
        </button>
      )}
      <span className="export-result" aria-live="polite">
        {status?.state === 'done' && status.result && (
          <>
            Exported {status.result.rows.toLocaleString()} rows to <code>{status.result.file}</code>
          </>
        )}
        {status?.state === 'failed' && <ErrorAlert inline>Export failed: {status.error}</ErrorAlert>}
        {status?.state === 'cancelled' && <>Export cancelled.</>}
        <ErrorAlert inline error={error} />
      </span>
    </div>
  )
}
