import { useState, type FormEvent } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call } from '../../lib/api'
import { callKey, queryClient, useCall } from '../../lib/queries'

const list = (text: string) => text.split(',').map((t) => t.trim()).filter(Boolean)

/** The rules behind the matches: reference prefixes and suffixes to ignore, and the time window for amount matches. */
export function MatchingRules() {
  const { data } = useCall('recon.rules.get', {})
  return (
    <details className="card rules no-print">
      <summary>Matching rules</summary>
      {data && <RulesForm key={JSON.stringify(data)} rules={data} />}
    </details>
  )
}

function RulesForm({ rules }: { rules: { prefixes: string[]; suffixes: string[]; windowMinutes: number } }) {
  const [prefixes, setPrefixes] = useState(rules.prefixes.join(', '))
  const [suffixes, setSuffixes] = useState(rules.suffixes.join(', '))
  const [minutes, setMinutes] = useState(String(rules.windowMinutes))
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null)
  const save = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const saved = await call('recon.rules.save', { prefixes: list(prefixes), suffixes: list(suffixes), windowMinutes: Number(minutes) })
      queryClient.setQueryData(callKey('recon.rules.get', {}), saved)
      await queryClient.invalidateQueries({ queryKey: ['recon.day'] })
      setState({ ok: true, text: 'Rules saved: the day is matched again.' })
    } catch (e) {
      setState({ ok: false, text: (e as Error).message })
    }
  }
  return (
    <form onSubmit={save} className="rules-form" noValidate>
      <p className="muted">An order matches a payment with the same reference; then with the same reference once case, spaces and these prefixes and suffixes are set aside; then with the same amount and currency within the time window, nearest first.</p>
      <div className="field-row">
        <label className="field">
          <span>Prefixes to ignore (comma-separated)</span>
          <input name="prefixes" value={prefixes} onChange={(e) => setPrefixes(e.target.value)} placeholder="#, order-" />
        </label>
        <label className="field">
          <span>Suffixes to ignore</span>
          <input name="suffixes" value={suffixes} onChange={(e) => setSuffixes(e.target.value)} placeholder="-web" />
        </label>
        <label className="field">
          <span>Time window (minutes)</span>
          <input name="windowMinutes" type="number" min={0} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit">Save rules</button>
        {state && (state.ok ? <span className="alert success">{state.text}</span> : <ErrorAlert inline>{state.text}</ErrorAlert>)}
      </div>
    </form>
  )
}
