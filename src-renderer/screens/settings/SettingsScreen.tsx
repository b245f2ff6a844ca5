import { useState, type FormEvent } from 'react'
import type { Environment, SettingsView } from '../../../src-main/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { call, CallFailed } from '../../lib/api'
import { formatInstant } from '../../lib/format'
import { callKey, queryClient, useCall } from '../../lib/queries'
import { knownTimeZones } from '../../lib/time-zone'
import { systemTimeZone } from '../../../src-main/contract/reference'

const ENVIRONMENTS: { value: Environment; label: string; help: string }[] = [
  { value: 'simulator', label: 'Built-in simulator', help: 'A faithful copy of the Checkout.com sandbox running on this computer. No account or key needed.' },
  { value: 'sandbox', label: 'Checkout.com sandbox', help: 'Your sandbox account: test cards, no real money. Needs a sandbox secret key (sk_sbox_…).' },
  { value: 'production', label: 'Production', help: 'Your live account: real payments. Needs a live secret key (sk_…).' },
]

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string }

export default function SettingsScreen() {
  const { data: view, error } = useCall('settings.get', {})
  if (!view) return <section className="screen"><h1 id="screen-title">Settings</h1><ErrorAlert error={error} /></section>
  // The fields start from what is saved; the saved view (subtitle, key hint) follows each save.
  return <SettingsForm view={view} />
}

function SettingsForm({ view }: { view: SettingsView }) {
  const [environment, setEnvironment] = useState<Environment>(view.environment)
  const [secretKey, setSecretKey] = useState('')
  const [publicKey, setPublicKey] = useState(view.publicKey ?? '')
  const [channel, setChannel] = useState(view.processingChannelId ?? '')
  const [prefix, setPrefix] = useState(view.accountPrefix ?? '')
  const [rate, setRate] = useState(String(view.sync.requestsPerSecond))
  const [recentDays, setRecentDays] = useState(String(view.sync.recentDays))
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const [probe, setProbe] = useState<{ ok: boolean; message: string } | 'testing' | null>(null)

  const testConnection = async () => {
    setProbe('testing')
    try {
      setProbe(await call('settings.test', {}))
    } catch (error) {
      setProbe({ ok: false, message: (error as Error).message })
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault()
    setStatus({ kind: 'saving' })
    // A test result speaks of the settings it tested; those are about to change.
    setProbe(null)
    try {
      const saved = await call('settings.save', {
          environment,
          secretKey: secretKey || undefined,
          publicKey: publicKey || null,
          processingChannelId: channel || null,
          accountPrefix: prefix || null,
          sync: { requestsPerSecond: Number(rate), recentDays: Number(recentDays) },
        })
      setSecretKey('')
      setStatus({ kind: 'saved' })
      queryClient.setQueryData(callKey('settings.get', {}), saved)
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof CallFailed || error instanceof Error ? error.message : String(error) })
    }
  }

  const remote = environment !== 'simulator'
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Settings</h1>
        {view && <p className="subtitle">Connected to: {ENVIRONMENTS.find((e) => e.value === view.environment)?.label} · {view.apiBaseUrl}</p>}
      </header>
      <form className="card form" onSubmit={save} noValidate>
        <fieldset>
          <legend>Where payments go</legend>
          <div className="choices" role="radiogroup">
            {ENVIRONMENTS.map((option) => (
              <label key={option.value} className={environment === option.value ? 'choice selected' : 'choice'}>
                <input
                  type="radio"
                  name="environment"
                  value={option.value}
                  checked={environment === option.value}
                  onChange={() => setEnvironment(option.value)}
                  aria-labelledby={`env-${option.value}`}
                  aria-describedby={`env-${option.value}-help`}
                />
                <span className="choice-label" id={`env-${option.value}`}>{option.label}</span>
                <span className="choice-help" id={`env-${option.value}-help`}>{option.help}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset disabled={!remote}>
          <legend>Checkout.com keys</legend>
          <label className="field">
            <span>Secret key</span>
            <input
              type="password"
              name="secretKey"
              autoComplete="off"
              spellCheck={false}
              placeholder={view?.secretKey ? `Saved: ${view.secretKey.hint} (leave empty to keep)` : environment === 'production' ? 'sk_…' : 'sk_sbox_…'}
              value={secretKey}
              onChange={(e) => setSecretKey(e.target.value)}
            />
            <small className={view?.secretStorage.encrypted ? 'hint' : 'hint warning'}>{view?.secretStorage.description}</small>
          </label>
          <label className="field">
            <span>Public key</span>
            <input name="publicKey" spellCheck={false} placeholder={environment === 'production' ? 'pk_…' : 'pk_sbox_…'} value={publicKey} onChange={(e) => setPublicKey(e.target.value)} />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Processing channel id</span>
              <input name="processingChannelId" spellCheck={false} placeholder="pc_…" value={channel} onChange={(e) => setChannel(e.target.value)} />
            </label>
            <label className="field">
              <span>Account prefix</span>
              <input name="accountPrefix" spellCheck={false} placeholder="8 characters after cli_" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend>Sync</legend>
          <div className="field-row">
            <label className="field">
              <span>Requests a second</span>
              <input name="requestsPerSecond" type="number" inputMode="numeric" min={1} max={100} step={1} required value={rate} onChange={(e) => setRate(e.target.value)} />
              <small className="hint">Checkout.com allows about 100 a second for the whole account, shared with your shop&apos;s live payments. 20 leaves them room; captures and refunds you make here go first. Not used by the built-in simulator.</small>
            </label>
            <label className="field">
              <span>Recent days read again</span>
              <input name="recentDays" type="number" inputMode="numeric" min={1} max={14} step={1} required value={recentDays} onChange={(e) => setRecentDays(e.target.value)} />
              <small className="hint">Each sync after the first reads these last days again in full; older payments are checked only where they can still change.</small>
            </label>
          </div>
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="primary" disabled={status.kind === 'saving'}>
            {status.kind === 'saving' ? 'Saving…' : 'Save settings'}
          </button>
          <button type="button" onClick={testConnection} disabled={probe === 'testing'} title="Tests the saved settings">
            {probe === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
          <span aria-live="polite">
            {status.kind === 'saved' && <span className="alert success">Settings saved.</span>}
            {status.kind === 'error' && <ErrorAlert inline>{status.message}</ErrorAlert>}
          </span>
        </div>
        {probe && probe !== 'testing' && (
          <p className={probe.ok ? 'alert success probe' : 'alert error probe'} role="status">
            {probe.message}
          </p>
        )}
      </form>
      <TimeZoneCard view={view} />
    </section>
  )
}

/** The one time zone every screen and export reads dates in; applied at once, for every account. */
function TimeZoneCard({ view }: { view: SettingsView }) {
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' })
  const system = systemTimeZone()
  const choose = async (value: string) => {
    setState({ kind: 'saving' })
    try {
      queryClient.setQueryData(callKey('settings.get', {}), await call('settings.display.save', { timeZone: value || null }))
      setState({ kind: 'saved' })
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message })
    }
  }
  const zone = view.display.timeZone ?? system
  return (
    <section className="card form" aria-labelledby="time-zone-title">
      <h2 id="time-zone-title">Dates and times</h2>
      <label className="field">
        <span>Time zone</span>
        <select name="timeZone" value={view.display.timeZone ?? ''} disabled={state.kind === 'saving'} onChange={(e) => void choose(e.target.value)}>
          <option value="">This computer&apos;s ({system})</option>
          {knownTimeZones().map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <small className="hint">
          Every date on screen and in exports is shown in this zone, and a day (Today, a custom range, a day&apos;s totals) runs from its midnight to the next. Now there: {formatInstant(new Date().toISOString(), zone)}.
        </small>
      </label>
      <span aria-live="polite">
        {state.kind === 'saved' && <span className="alert success">Time zone saved.</span>}
        {state.kind === 'error' && <ErrorAlert inline>{state.message}</ErrorAlert>}
      </span>
    </section>
  )
}
