import { useState } from 'react'
import type { PaymentFilter, PaymentSort } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { setCallData, useCall } from '../../lib/queries'
import { useTimeZone } from '../../lib/time-zone'

/**
 * Exports the whole filtered set to CSV, with progress and Cancel; progress is pushed by the
 * main process. The outcome shows under the buttons (it never pushes them about), with the
 * file to show in its folder or open.
 */
export function ExportButton({ filter, sort }: { filter: PaymentFilter; sort: PaymentSort }) {
  const { data: status = null } = useCall('payments.export.status', {})
  const timeZone = useTimeZone()
  const [error, setError] = useState<string | null>(null)
  const [shown, setShown] = useState<string | null>(null)

  const act = async (work: () => ReturnType<typeof call<'payments.export.status'>>) => {
    setError(null)
    setShown(null)
    try {
      setCallData('payments.export.status', {}, await work())
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const show = async (how: 'folder' | 'open') => {
    setError(null)
    try {
      const answer = await call('payments.export.show', { how })
      // The browser host has no file manager to open: say where the file is instead.
      setShown(answer.shown ? null : `Saved on this computer at ${answer.path}`)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const running = status?.state === 'running'
  const progress = status?.progress
  const percent = progress && progress.total > 0 ? Math.round((progress.rows / progress.total) * 100) : 0
  const file = status?.state === 'done' ? status.result?.file : undefined
  return (
    <div className="export">
      {running ? (
        <>
          <div className="progress small" role="progressbar" aria-label="Export progress" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <span className="num">
            {(progress?.rows ?? 0).toLocaleString()} / {(progress?.total ?? 0).toLocaleString()}
          </span>
          <button type="button" onClick={() => act(() => call('payments.export.cancel', {}))}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => act(() => call('payments.export.start', { filter, sort, timeZone }))} title={`Every payment in the filtered list, dates in ${timeZone}`}>
          Export CSV
        </button>
      )}
      <div className="export-result" aria-live="polite">
        {file && status?.result && (
          <>
            <span className="clip" title={file}>
              Exported {status.result.rows.toLocaleString()} rows to <code>{file.split(/[\\/]/).at(-1)}</code>
            </span>
            <button type="button" className="link" onClick={() => void show('folder')}>
              Show in folder
            </button>
            <button type="button" className="link" onClick={() => void show('open')}>
              Open
            </button>
          </>
        )}
        {shown && <span className="clip" title={shown}>{shown}</span>}
        {status?.state === 'failed' && <ErrorAlert inline>Export failed: {status.error}</ErrorAlert>}
        {status?.state === 'cancelled' && <>Export cancelled.</>}
        <ErrorAlert inline error={error} />
      </div>
    </div>
  )
}
