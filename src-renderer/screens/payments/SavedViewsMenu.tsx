import { useState, type FormEvent } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { callKey, queryClient, useCall } from '../../lib/queries'
import { closeDisclosure, useDisclosure } from '../../lib/useDisclosure'

/** Named filter sets: open one, save the current filters under a name, delete one. */
export function SavedViewsMenu({ params, onOpen }: { params: URLSearchParams; onOpen(query: string): void }) {
  const details = useDisclosure()
  const { data: views = [] } = useCall('views.list', {})
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  // A view keeps the whole address: filters, search, tab and sort.
  const current = params.toString()
  const update = (next: typeof views) => queryClient.setQueryData(callKey('views.list', {}), next)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      update(await call('views.save', { name, query: current }))
      setName('')
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const remove = async (viewName: string) => {
    setError(null)
    try {
      update(await call('views.delete', { name: viewName }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const open = (query: string) => {
    onOpen(query)
    closeDisclosure(details.current)
  }
  return (
    <details className="views-menu" ref={details}>
      <summary>Views{views.length ? ` (${views.length})` : ''}</summary>
      <div className="columns-panel views-panel">
        {views.length === 0 ? (
          <p className="muted">No saved views yet: set the filters, name them below and save.</p>
        ) : (
          <ul aria-label="Saved views">
            {views.map((view) => (
              <li key={view.name}>
                <button type="button" className={`link view-link${view.query === current ? ' current' : ''}`} onClick={() => open(view.query)} title={decodeURIComponent(view.query.replaceAll('+', ' ')) || 'No filters'}>
                  {view.name}
                </button>
                <button type="button" aria-label={`Delete the view ${view.name}`} title="Delete" onClick={() => void remove(view.name)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={save} className="view-save">
          <input name="viewName" placeholder="Name these filters" aria-label="Name of the view to save" value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
          <button type="submit" disabled={!name.trim()}>
            Save
          </button>
        </form>
        <ErrorAlert inline error={error} />
      </div>
    </details>
  )
}
