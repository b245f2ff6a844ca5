import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { handlers } from '../../../src-main/app/handler-map'
import { dispatch } from '../../../src-main/app/dispatch'
import { makeTestApp } from '../../fixtures/app-context'

let app: Awaited<ReturnType<typeof makeTestApp>>
beforeEach(async () => (app = await makeTestApp({ simulatorSeed: { count: 800, days: 30, seed: 9 } })))
afterEach(() => app.dispose())

const call = async (name: string, input: unknown = {}) => {
  const result = await dispatch(handlers, app.registry, name, input)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as any
}

describe('sync through the contract', () => {
  it('syncs the built-in simulator, reports progress and a summary, and the overview counts it', async () => {
    expect(await call('sync.status')).toMatchObject({ state: 'idle' })
    expect(await call('sync.start', { days: 60 })).toMatchObject({ state: 'running' })
    // A second start while running does not start another sync.
    expect((await call('sync.start')).startedAt).toBe((await call('sync.status')).startedAt)
    await app.registry.sync.settled()
    const done = await call('sync.status')
    expect(done).toMatchObject({ state: 'done', progress: { fraction: 1 }, result: { created: 800, failed: [] }, error: null })
    const totals = await call('payments.totals', { filter: {} })
    expect(totals.count).toBe(800)
    const sim = app.registry.simulator.current()!
    const approvedGbp = Object.values(sim.ctx.state.payments).filter((p) => p.currency === 'GBP' && p.approved).reduce((s, p) => s + p.amount, 0)
    expect(totals.byCurrency.find((g: { currency: string }) => g.currency === 'GBP').authorised).toBe(approvedGbp)
  })

  it('refreshes one payment from Checkout.com', async () => {
    const sim = app.registry.simulator.current()!
    const id = sim.ctx.state.paymentOrder.find((p) => sim.ctx.state.payments[p]!.status === 'Captured')!
    const refreshed = await call('payments.refresh', { id })
    expect(refreshed).toMatchObject({ payment: { id, status: 'Captured', captured_amount: sim.ctx.state.payments[id]!.amount }, stale: null })
    expect(refreshed.actions).toHaveLength(2)
    expect(app.paymentsSql().prepare('select count(*) n from payment_actions where payment_id = ?').get(id)).toEqual({ n: 2 })
    const missing = await dispatch(handlers, app.registry, 'payments.refresh', { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('cancels a running sync, and the next start resumes it', async () => {
    app.registry.simulator.current()!.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 20 })
    await call('sync.start', { days: 60 })
    await new Promise((r) => setTimeout(r, 100))
    await call('sync.cancel')
    await app.registry.sync.settled()
    expect(await call('sync.status')).toMatchObject({ state: 'cancelled', error: null })
    app.registry.simulator.current()!.setFaults({})
    await call('sync.start')
    await app.registry.sync.settled()
    expect(await call('sync.status')).toMatchObject({ state: 'done', result: { resumed: true } })
    expect((await call('payments.totals', { filter: {} })).count).toBe(800)
  })

  it('reports a sync that a lasting fault stopped part-way as partial progress, and the next one resumes it', async () => {
    const sim = app.registry.simulator.current()!
    const { CheckoutClient } = await import('../../../src-main/checkout/client')
    const { CheckoutError } = await import('../../../src-main/checkout/errors')
    const client = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, retry: { attempts: 1 } })
    const search = client.searchPayments.bind(client)
    let calls = 0
    client.searchPayments = async (...args: Parameters<typeof search>) => {
      if (++calls > 55) throw new CheckoutError('network', 'Could not reach Checkout.com for the payment search (ECONNRESET).')
      return search(...args)
    }
    const connection = app.registry.checkout.client
    app.registry.checkout.client = async () => client
    try {
      await call('sync.start', { days: 60 })
      await app.registry.sync.settled()
      const status = await call('sync.status')
      expect(status).toMatchObject({ state: 'done', result: { pages: 55, stopped: expect.stringMatching(/Could not reach Checkout.com.*the next sync resumes/) } })
      expect(status.result.created).toBeGreaterThan(0)
    } finally {
      app.registry.checkout.client = connection
    }
    await call('sync.start')
    await app.registry.sync.settled()
    expect(await call('sync.status')).toMatchObject({ state: 'done', result: { resumed: true } })
    expect((await call('payments.totals', { filter: {} })).count).toBe(800)
  })

  it('says what is wrong when the key is refused', async () => {
    await call('settings.save', { environment: 'sandbox', secretKey: 'sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e', publicKey: null, processingChannelId: null, accountPrefix: null })
    // The sandbox host is unreachable here; point the connection at the simulator with a wrong key instead.
    const sim = app.registry.simulator.current()!
    const { CheckoutClient } = await import('../../../src-main/checkout/client')
    app.registry.checkout.client = async () => new CheckoutClient({ baseUrl: sim.url, secretKey: 'sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e', retry: { attempts: 1 } })
    await call('sync.start')
    await app.registry.sync.settled()
    const status = await call('sync.status')
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('refused the secret key (401)') })
    expect(status.error).not.toContain('m73dzbpy7cf3gfd46xr4yj5xo4e')
  })
})

describe('payments per connection', () => {
  it('keeps the simulator’s payments apart from a real account’s, and brings them back', async () => {
    expect(await call('sync.last')).toBeNull()
    await call('sync.start', { days: 60 })
    await app.registry.sync.settled()
    expect((await call('payments.totals', { filter: {} })).count).toBe(800)
    const last = await call('sync.last')
    expect(last).toMatchObject({ created: 800, updated: 0, stopped: null, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
    await call('settings.save', { environment: 'sandbox', secretKey: 'sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e', publicKey: null, processingChannelId: null, accountPrefix: 'abcd1234' })
    expect((await call('payments.totals', { filter: {} })).count).toBe(0)
    expect(await call('sync.status')).toMatchObject({ state: 'idle' })
    expect(await call('sync.last')).toBeNull() // another account, never synced
    await call('settings.save', { environment: 'simulator', publicKey: null, processingChannelId: null, accountPrefix: null })
    expect((await call('payments.totals', { filter: {} })).count).toBe(800)
    expect(await call('sync.last')).toEqual(last) // kept with the simulator's store
  })
})
