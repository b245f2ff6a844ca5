import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDay } from '../../lib/format'
import { useFocusTrap } from '../../lib/useFocusTrap'
import { useEscapeKey } from '../../lib/useEscapeKey'

/** Why a closed day is reopened, asked in the app's own dialog (Electron has no window.prompt); the reason is kept in the day's history. */
export function ReopenDialog({ day, onReopen, onClose }: { day: string; onReopen(why: string): Promise<void>; onClose(): void }) {
  const [why, setWhy] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const trap = useFocusTrap<HTMLFormElement>()
  const field = useRef<HTMLTextAreaElement>(null)
  useEffect(() => field.current?.focus(), [])
  useEscapeKey(onClose, !busy)
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!why.trim()) return setError('Say why the day is reopened: it is kept in the day’s history.')
    setBusy(true)
    setError(null)
    try {
      await onReopen(why.trim())
    } catch (e) {
      setError((e as Error).message)
      setBusy(false)
    }
  }
  return (
    <div className="modal-backdrop">
      <form ref={trap} className="modal card" role="dialog" aria-modal="true" aria-labelledby="reopen-title" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="reopen-title">Reopen {formatDay(day)}?</h2>
        <p className="subtitle">The day can be changed again until it is closed anew. Who reopened it, when and why are kept in its history.</p>
        <label className="field">
          <span>Why</span>
          <textarea ref={field} name="why" rows={3} maxLength={500} value={why} onChange={(e) => (setWhy(e.target.value), setError(null))} aria-invalid={Boolean(error)} />
        </label>
        <ErrorAlert error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Reopening…' : 'Reopen day'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  )
}
