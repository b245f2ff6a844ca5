import { readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { createCheckoutConnection } from '../../../src-main/checkout/connection'
import { createApp } from '../../../src-main/app/registry'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { handlers } from '../../../src-main/app/handler-map'
import { dispatch } from '../../../src-main/app/dispatch'
import { redactSecrets } from '../../../src-main/logger'
import { createFileSecretStore } from '../../../src-main/settings/secret-store'
import { readSecretKey } from '../../../src-main/settings/settings-service'
import { LIVE_SECRET_KEY, makeTestApp, SANDBOX_PUBLIC_KEY, SANDBOX_SECRET_KEY } from '../../fixtures/app-context'

let app: Awaited<ReturnType<typeof makeTestApp>>
beforeEach(async () => (app = await makeTestApp()))
afterEach(() => app.dispose())

const base = { publicKey: null, processingChannelId: null, accountPrefix: null }
const save = (input: Record<string, unknown>) => dispatch(handlers, app.registry, 'settings.save', { ...base, ...input })

describe('settings', () => {
  it('start on the built-in simulator with no key', async () => {
    expect(await dispatch(handlers, app.registry, 'settings.get', {})).toMatchObject({ ok: true, value: { environment: 'simulator', secretKey: null } })
  })

  it('keep a sandbox key at rest, show only its prefix and last 4, and use the account host', async () => {
    const result = await save({ environment: 'sandbox', secretKey: SANDBOX_SECRET_KEY, publicKey: SANDBOX_PUBLIC_KEY, accountPrefix: 'abcd1234' })
    expect(result).toMatchObject({ ok: true, value: { environment: 'sandbox', secretKey: { hint: 'sk_sbox_…' + SANDBOX_SECRET_KEY.slice(-4) }, apiBaseUrl: 'https://abcd1234.api.sandbox.checkout.com' } })
    expect(readSecretKey(app.registry.secrets)).toBe(SANDBOX_SECRET_KEY)
    // The Node fallback is a 0600 file, and the UI is told it is not encrypted.
    expect(statSync(app.secretsFile).mode & 0o777).toBe(0o600)
    expect(result).toMatchObject({ ok: true, value: { secretStorage: { encrypted: false, description: expect.stringMatching(/^NOT ENCRYPTED/) } } })
    // A save without a new key keeps the stored one.
    expect(await save({ environment: 'sandbox', secretKey: '' })).toMatchObject({ ok: true, value: { secretKey: { hint: expect.stringMatching(/^sk_sbox_…/) } } })
    expect(readSecretKey(app.registry.secrets)).toBe(SANDBOX_SECRET_KEY)
  })

  it("keep one time zone for every account: the computer's until chosen, a known IANA name, kept across a connection switch", async () => {
    const get = () => dispatch(handlers, app.registry, 'settings.get', {})
    expect(await get()).toMatchObject({ ok: true, value: { display: { timeZone: null } } })
    expect(await dispatch(handlers, app.registry, 'settings.display.save', { timeZone: 'Asia/Tokyo' })).toMatchObject({ ok: true, value: { display: { timeZone: 'Asia/Tokyo' } } })
    expect(await dispatch(handlers, app.registry, 'settings.display.save', { timeZone: 'Europe/Lndon' })).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Check the time zone: not one this computer knows; use a name such as Europe/London.' } })
    await save({ environment: 'sandbox', secretKey: SANDBOX_SECRET_KEY })
    expect(await get()).toMatchObject({ ok: true, value: { environment: 'sandbox', display: { timeZone: 'Asia/Tokyo' } } })
    expect(await dispatch(handlers, app.registry, 'settings.display.save', { timeZone: null })).toMatchObject({ ok: true, value: { display: { timeZone: null } } })
  })

  it('keep the sync limits: 20 requests a second and 3 recent days until changed, at most 100 a second, used by the client', async () => {
    expect(await dispatch(handlers, app.registry, 'settings.get', {})).toMatchObject({ ok: true, value: { sync: { requestsPerSecond: 20, recentDays: 3 } } })
    const saved = await save({ environment: 'sandbox', secretKey: SANDBOX_SECRET_KEY, sync: { requestsPerSecond: 50, recentDays: 5 } })
    expect(saved).toMatchObject({ ok: true, value: { sync: { requestsPerSecond: 50, recentDays: 5 } } })
    const client = await app.registry.checkout.client()
    expect((client.http as unknown as { options: { limiter: { perSecond: number } } }).options.limiter.perSecond).toBe(50)
    // A save that does not mention them keeps them.
    expect(await save({ environment: 'sandbox', secretKey: '' })).toMatchObject({ ok: true, value: { sync: { requestsPerSecond: 50, recentDays: 5 } } })
    const tooFast = await save({ environment: 'sandbox', secretKey: '', sync: { requestsPerSecond: 101, recentDays: 3 } })
    expect(tooFast).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('at most 100') } })
  })

  it('encrypt each value when the store has a cipher', () => {
    const cipher = { encrypt: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)), decrypt: (d: Buffer) => Buffer.from([...d].map((b) => b ^ 0x5a)).toString() }
    const store = createFileSecretStore(`${app.dataDir}/enc.json`, cipher)
    store.set('k', SANDBOX_SECRET_KEY)
    expect(readFileSync(`${app.dataDir}/enc.json`, 'utf8')).not.toContain('sk_sbox_')
    expect(store.get('k')).toBe(SANDBOX_SECRET_KEY)
    expect(store.encrypted).toBe(true)
  })

  it.each([
    ['a live key for the sandbox', 'sandbox', LIVE_SECRET_KEY, /production \(live\) secret key/],
    ['a sandbox key for production', 'production', SANDBOX_SECRET_KEY, /sandbox secret key/],
    ['a public key as the secret', 'sandbox', SANDBOX_PUBLIC_KEY, /public key/],
    ['a truncated key', 'sandbox', SANDBOX_SECRET_KEY.slice(0, -3), /Not a sandbox secret key/],
    ['no key at all', 'production', '', /A secret key is needed/],
  ])('refuse %s with a clear message that does not echo it', async (_label, environment, secretKey, message) => {
    const result = await save({ environment, secretKey })
    expect(result).toMatchObject({ ok: false, error: { code: 'key_rejected', message: expect.stringMatching(message) } })
    if (!result.ok && secretKey) expect(result.error.message).not.toContain(secretKey.slice(8))
    expect(readSecretKey(app.registry.secrets)).toBeNull()
  })

  it('forget the key on request', async () => {
    await save({ environment: 'sandbox', secretKey: SANDBOX_SECRET_KEY })
    expect(await save({ environment: 'simulator', forgetSecretKey: true })).toMatchObject({ ok: true, value: { secretKey: null } })
    expect(readSecretKey(app.registry.secrets)).toBeNull()
  })

  it('never put the secret key in any output, log line or error text', async () => {
    const outputs = [
      await save({ environment: 'sandbox', secretKey: SANDBOX_SECRET_KEY, publicKey: SANDBOX_PUBLIC_KEY }),
      await dispatch(handlers, app.registry, 'settings.get', {}),
      await dispatch(handlers, app.registry, 'app.info', {}),
      await save({ environment: 'production' }), // the saved key does not fit production
      await save({ environment: 'production', secretKey: SANDBOX_SECRET_KEY }),
      await save({ environment: 'sandbox', secretKey: SANDBOX_SECRET_KEY, processingChannelId: SANDBOX_SECRET_KEY }),
    ]
    expect(outputs.filter((o) => !o.ok).length).toBe(3)
    const body = SANDBOX_SECRET_KEY.slice('sk_sbox_'.length, -4)
    for (const text of [...outputs.map((o) => JSON.stringify(o)), ...app.logger.lines]) expect(text).not.toContain(body)
    expect(app.logger.lines.length).toBeGreaterThan(0)
  })

  it('redact a key that a caller passes to the logger by mistake', () => {
    app.logger.log('error', `request failed with ${SANDBOX_SECRET_KEY}`, { auth: `Bearer ${LIVE_SECRET_KEY}` })
    const line = app.logger.lines.at(-1)!
    expect(line).not.toContain(SANDBOX_SECRET_KEY.slice(8))
    expect(line).not.toContain(LIVE_SECRET_KEY.slice(3))
    expect(redactSecrets('key sk_test_1234abcd-5678')).toBe('key sk_test_[redacted]')
    // Glued to other text, URL-encoded, or a live key: still redacted; ordinary names are not.
    expect(redactSecrets(`x${SANDBOX_SECRET_KEY}`)).toBe('xsk_sbox_[redacted]')
    expect(redactSecrets(`Authorization%3A${SANDBOX_SECRET_KEY}%0A`)).toBe('Authorization%3Ask_sbox_[redacted]%0A')
    expect(redactSecrets(`k=${LIVE_SECRET_KEY}&`)).toBe('k=sk_[redacted]&')
    expect(redactSecrets('risk_flagged_created disk_capacity')).toBe('risk_flagged_created disk_capacity')
  })
})

describe('the built-in simulator', () => {
  it('runs from the first start, so a new user has a working environment with no key', async () => {
    const view = await dispatch(handlers, app.registry, 'settings.get', {})
    const sim = app.registry.simulator.current()
    expect(sim).not.toBeNull()
    expect(view).toMatchObject({ ok: true, value: { environment: 'simulator', apiBaseUrl: sim!.url, secretKey: null } })
    expect(JSON.stringify(view)).not.toContain(sim!.secretKey)
  })

  it('keeps its keys and its payments across a restart', async () => {
    const seeded = await makeTestApp({ simulatorSeed: { count: 30, days: 3, seed: 4 } })
    const first = seeded.registry.simulator.current()!
    const ids = [...first.ctx.state.paymentOrder]
    expect(ids.length).toBe(30)
    await seeded.close()
    const again = await createApp({ dataDir: seeded.dataDir, secrets: app.registry.secrets, logger: app.logger, runtime: 'test', simulatorSeed: null })
    try {
      const second = again.registry.simulator.current()!
      expect(second.secretKey).toBe(first.secretKey)
      expect(second.ctx.state.paymentOrder).toEqual(ids)
    } finally {
      await again.close()
      rmSync(seeded.dataDir, { recursive: true, force: true })
    }
  })
})

describe('testing the connection', () => {
  it('says the built-in simulator accepted the key', async () => {
    expect(await dispatch(handlers, app.registry, 'settings.test', {})).toMatchObject({ ok: true, value: { ok: true, message: expect.stringContaining('built-in simulator') } })
  })

  it('says why a host cannot be reached, without the key, and quickly', async () => {
    // A loopback port nothing listens on stands in for an unreachable Checkout.com (no test talks to the real one).
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const connection = createCheckoutConnection(async () => ({ environment: 'sandbox', baseUrl: `http://127.0.0.1:${port}`, secretKey: SANDBOX_SECRET_KEY, publicKey: null, requestsPerSecond: 20 }), () => Promise.reject(new Error('not the simulator')), app.logger)
    const started = Date.now()
    const result = await connection.probe(new Date())
    await connection.close()
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Could not reach Checkout.com/) })
    expect(JSON.stringify(result)).not.toContain(SANDBOX_SECRET_KEY.slice(8))
    expect(app.logger.lines.join('\n')).not.toContain(SANDBOX_SECRET_KEY.slice(8))
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
