import { useState, type FormEvent } from 'react'
import type { CallOutput } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { formatInstant } from '../../lib/format'

type Preview = Extract<CallOutput<'recon.import.preview'>, { kind: 'preview' }>
type Mapping = Preview['mapping']
type Summary = CallOutput<'recon.import.run'>

const FIELDS: [keyof Mapping, string, boolean][] = [
  ['reference', 'Order reference', true],
  ['amount', 'Amount', true],
  ['date', 'Order date', false],
  ['currency', 'Currency', false],
  ['customer', 'Customer', false],
  ['status', 'Order status', false],
]

/**
 * The shop's orders file in: choose it, check the columns against its first rows, import. Rows
 * that cannot be read are listed by line with the reason; the rest are imported.
 */
export function ImportOrders({ timeZone, onDone }: { timeZone: string; onDone(): void }) {
  const [stage, setStage] = useState<{ kind: 'idle' } | { kind: 'path'; message: string } | { kind: 'mapping'; preview: Preview; mapping: Mapping } | { kind: 'importing' } | { kind: 'done'; summary: Summary }>({ kind: 'idle' })
  const [typedPath, setTypedPath] = useState('')
  const [error, setError] = useState<string | null>(null)

  const choose = async (path?: string) => {
    setError(null)
    try {
      const answer = await call('recon.import.preview', path ? { typedPath: path } : {})
      if (answer.kind === 'needs_path') setStage({ kind: 'path', message: answer.message })
      else if (answer.kind === 'preview') setStage({ kind: 'mapping', preview: answer, mapping: answer.mapping })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const run = async (event: FormEvent) => {
    event.preventDefault()
    if (stage.kind !== 'mapping') return
    setError(null)
    const { preview, mapping } = stage
    setStage({ kind: 'importing' })
    try {
      const summary = await call('recon.import.run', { path: preview.path, mapping, timeZone })
      setStage({ kind: 'done', summary })
      onDone()
    } catch (e) {
      setError((e as Error).message)
      setStage({ kind: 'mapping', preview, mapping })
    }
  }

  return (
    <section className="card import-orders" aria-label="Import orders">
      <h2>Shop orders</h2>
      {stage.kind === 'idle' && (
        <p>
          <button type="button" className="primary" onClick={() => void choose()}>
            Import orders file…
          </button>{' '}
          <span className="muted">A CSV export from your shop: any encoding, comma or semicolon, dates and amounts as the shop writes them. Local times are read in {timeZone}.</span>
        </p>
      )}
      {stage.kind === 'path' && (
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault()
            void choose(typedPath)
          }}
        >
          <label className="field">
            <span>Path of the orders file</span>
            <input name="ordersPath" value={typedPath} onChange={(e) => setTypedPath(e.target.value)} placeholder={stage.message} />
            <small className="hint">{stage.message}</small>
          </label>
          <button type="submit" disabled={!typedPath.trim()}>
            Read file
          </button>
        </form>
      )}
      {stage.kind === 'mapping' && (
        <form onSubmit={run} className="mapping">
          <p className="muted">
            {stage.preview.path} · {stage.preview.layout.encoding.toUpperCase()} · separated by {stage.preview.layout.delimiter === '\t' ? 'tabs' : `“${stage.preview.layout.delimiter}”`}
            {stage.preview.remembered ? ' · columns as chosen last time for this layout' : ''}
          </p>
          {stage.preview.referenceMatch && (
            <p className="muted reference-match">
              {stage.preview.referenceMatch.matched} of the first {stage.preview.referenceMatch.sampled} values in “{stage.preview.referenceMatch.column}” are references of payments on this computer{stage.mapping.reference === stage.preview.referenceMatch.column ? '' : ` (the reference column chosen is “${stage.mapping.reference}”)`}.
            </p>
          )}
          <div className="mapping-fields">
            {FIELDS.map(([field, label, required]) => (
              <label key={field} className="filter">
                <span>
                  {label}
                  {required ? '' : field === 'date' ? ' (or one day for the file)' : ' (optional)'}
                </span>
                <select name={`map-${field}`} value={(stage.mapping[field] as string | null) ?? ''} onChange={(e) => setStage({ ...stage, mapping: { ...stage.mapping, [field]: e.target.value || (required ? '' : null) } })}>
                  <option value="">{required ? 'Choose…' : 'None'}</option>
                  {stage.preview.layout.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            {stage.mapping.date === null && (
              <label className="filter">
                <span>Every order in this file is for</span>
                <input type="date" name="fixedDay" value={stage.mapping.fixedDay ?? ''} onChange={(e) => setStage({ ...stage, mapping: { ...stage.mapping, fixedDay: e.target.value || null } })} />
              </label>
            )}
            {stage.mapping.currency === null && (
              <label className="filter">
                <span>Currency of the whole file</span>
                <input name="fixedCurrency" maxLength={3} value={stage.mapping.fixedCurrency ?? ''} onChange={(e) => setStage({ ...stage, mapping: { ...stage.mapping, fixedCurrency: e.target.value.toUpperCase() || null } })} placeholder="GBP" />
              </label>
            )}
            <label className="filter">
              <span>Decimals after</span>
              <select name="decimalSeparator" value={stage.mapping.decimalSeparator} onChange={(e) => setStage({ ...stage, mapping: { ...stage.mapping, decimalSeparator: e.target.value as Mapping['decimalSeparator'] } })}>
                <option value=".">a point (1,234.56)</option>
                <option value=",">a comma (1.234,56)</option>
              </select>
            </label>
            <label className="filter">
              <span>Dates</span>
              <select name="dateOrder" value={stage.mapping.dateOrder} onChange={(e) => setStage({ ...stage, mapping: { ...stage.mapping, dateOrder: e.target.value as Mapping['dateOrder'] } })}>
                <option value="ymd">2026-11-25</option>
                <option value="dmy">25/11/2026 (day first)</option>
                <option value="mdy">11/25/2026 (month first)</option>
              </select>
            </label>
          </div>
          <div className="preview-scroll">
            <table className="fees preview">
              <thead>
                <tr>
                  {stage.preview.layout.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {stage.preview.rows.map((row, i) => (
                  <tr key={i}>
                    {stage.preview.layout.header.map((h, j) => (
                      <td key={h}>{row[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Import
            </button>
            <button type="button" onClick={() => setStage({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {stage.kind === 'importing' && <p role="status">Importing…</p>}
      {stage.kind === 'done' && (
        <div role="status" className="import-result">
          <p>
            <strong>{stage.summary.fileName}</strong>: {stage.summary.rows.toLocaleString()} rows read, <strong>{stage.summary.imported.toLocaleString()}</strong> orders imported
            {stage.summary.duplicates ? `, ${stage.summary.duplicates.toLocaleString()} already here (not doubled)` : ''}
            {stage.summary.bad ? (
              <>
                , <strong className="bad">{stage.summary.bad.toLocaleString()}</strong> could not be read
              </>
            ) : null}
            .{stage.summary.importedBefore ? ` This file was imported before, on ${formatInstant(stage.summary.importedBefore, timeZone)}.` : ''}{' '}
            <button type="button" className="link" onClick={() => setStage({ kind: 'idle' })}>
              Import another
            </button>
          </p>
          {stage.summary.errors.length > 0 && (
            <details open>
              <summary>Rows not imported</summary>
              <ul className="import-errors">
                {stage.summary.errors.map((e) => (
                  <li key={e.line}>
                    Line {e.line}: {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <ErrorAlert error={error} />
    </section>
  )
}
