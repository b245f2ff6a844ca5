import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contract, type CallName } from '../../../src-main/contract'
import { handlers } from '../../../src-main/app/handler-map'
import type { Handlers } from '../../../src-main/app/handler-map'
import { dispatch } from '../../../src-main/app/dispatch'
import { makeTestApp } from '../../fixtures/app-context'

let app: Awaited<ReturnType<typeof makeTestApp>>
beforeEach(async () => (app = await makeTestApp()))
afterEach(() => app.dispose())

// One wrong input per call: a value of the wrong type for a field, or an unknown field.
const wrongInputs: Record<CallName, unknown[]> = {
  'app.info': [{ extra: 1 }, 'text'],
  'settings.get': [{ environment: 'sandbox' }, 42],
  'settings.save': [{ environment: 'staging', publicKey: null, processingChannelId: null, accountPrefix: null }, { environment: 'sandbox' }, { environment: 'simulator', publicKey: 5, processingChannelId: null, accountPrefix: null }],
  'settings.display.save': [{}, { timeZone: 'Mars/Olympus' }, { timeZone: 9 }, { timeZone: null, locale: 'de' }],
  'settings.test': [{ key: 'sk_x' }],
  'sync.start': [{ days: 0 }, { days: 1.5 }, { days: '7' }, { from: 'yesterday' }],
  'sync.status': [{ verbose: true }],
  'sync.cancel': [[]],
  'sync.last': [{ extra: 1 }, 'x'],
  'payments.refresh': [{}, { id: 'pay_short' }, { id: 42 }],
  'payments.resolve': [{}, { id: 'pay_short' }, { id: 42 }],
  'payments.list': [{ filter: {}, sort: {}, cursor: null, limit: 0 }, { filter: { colour: 'red' }, sort: {}, cursor: null, limit: 10 }, { filter: { amountMin: 10, amountMax: 5 }, sort: {}, cursor: null, limit: 10 }, { filter: {}, sort: { by: 'name' }, cursor: null, limit: 10 }, { filter: { currency: ['GBP', 'JPY'] }, sort: { by: 'amount' }, cursor: null, limit: 10 }],
  'payments.totals': [{ filter: { currency: ['eur'] } }, { filter: { from: 'last tuesday' } }],
  'payments.get': [{ id: 'src_aaaaaaaaaaaaaaaaaaaaaaaaaa' }],
  'payments.capture': [{ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', actionId: 'not-a-uuid' }, { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', amount: 0 }, { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', amount: 10.5 }],
  'payments.refund': [{ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', amount: -5 }],
  'payments.void': [{ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', amount: 5 }],
  'payments.export.start': [{ filter: {} }, { filter: { q: 5 }, sort: {}, timeZone: 'UTC' }, { filter: {}, sort: {}, timeZone: 'Mars/Olympus' }],
  'payments.export.status': [{ now: true }],
  'payments.export.cancel': [{ now: true }],
  'payments.export.show': [{}, { how: 'delete' }, { how: 'open', path: '/etc/passwd' }],
  'views.list': [{ all: true }],
  'views.save': [{ name: '', query: 'status=Captured' }, { name: 'x'.repeat(41), query: '' }, { name: 'Mine', query: '<script>' }, { name: 'Mine' }],
  'views.delete': [{}, { name: 5 }],
  'recon.day': [{ day: '25/11/2026', timeZone: 'UTC' }, { day: '2026-11-25', timeZone: 'Mars/Base' }, { day: '2026-11-25', timeZone: 'UTC', state: 'fine' }],
  'recon.import.preview': [{ typedPath: '' }, { path: '/etc/passwd' }],
  'recon.import.run': [{ path: '/tmp/x.csv', mapping: {}, timeZone: 'UTC' }, { path: '', mapping: {}, timeZone: 'UTC' }],
  'recon.link': [{ day: '2026-11-25', orderId: 'x', paymentId: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa' }, { day: '2026-11-25', orderId: '1', paymentId: 'src_1' }],
  'recon.unlink': [{ day: '2026-11-25', orderId: '1' }],
  'recon.explain': [{ day: '2026-11-25', lineKey: 'o:1', note: 'x' }, { day: '2026-11-25', lineKey: 'o:1' }],
  'recon.close': [{ day: '2026-11-25' }, { day: '2026-13-45x', timeZone: 'UTC' }],
  'recon.reopen': [{ day: '2026-11-25', timeZone: 'UTC', why: '' }],
  'recon.export': [{ day: 'today', timeZone: 'UTC' }],
  'recon.rules.get': [{ all: 1 }],
  'recon.order': [{ id: 'abc' }, {}],
  'recon.payout': [{ id: '' }, { id: 5 }],
  'recon.rules.save': [{ prefixes: [], suffixes: [], windowMinutes: -1 }, { prefixes: [''], suffixes: [], windowMinutes: 5 }, { prefixes: [], suffixes: [] }],
  'risk.queue': [{ show: 'closed' }, { limit: 0 }, { cursor: 5 }],
  'risk.review': [{ paymentId: 'pay_x', verdict: 'fraud', note: null }, { paymentId: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', verdict: 'maybe', note: null }],
  'insights.declines': [{ first: '2026-11-01', last: null, timeZone: 'UTC' }, { first: '2026-11-05', last: '2026-11-01', timeZone: 'UTC' }, { first: null, last: null, timeZone: 'Mars/Olympus' }, { first: '1 Nov', last: '2026-11-02', timeZone: 'UTC' }],
  'insights.declineSlice': [{ first: null, last: null, timeZone: 'UTC', slice: 'mcc' }, { first: '2026-11-02', last: '2026-11-01', timeZone: 'UTC', slice: 'bin' }, { first: null, last: null, timeZone: 'UTC' }],
  'insights.approval': [
    { first: null, last: null, timeZone: 'UTC', grain: 'year', by: 'all', previous: false },
    { first: null, last: null, timeZone: 'UTC', grain: 'day', by: 'mcc', previous: false },
    { first: null, last: null, timeZone: 'UTC', grain: 'day', by: 'scheme', values: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], previous: false },
    { first: '2026-11-01', last: '2026-11-07', timeZone: 'UTC', grain: 'day', by: 'all' },
  ],
  'insights.approval.exportCsv': [{ first: null, last: null, timeZone: 'UTC', grain: 'day', by: 'all' }],
  'insights.approval.savePng': [{ name: '../etc/passwd', png: 'iVBORw0KGgo=' }, { name: 'chart', png: 'not base64!' }, { name: 'chart' }],
  'insights.checks': [{ first: null, last: null }, { first: null, last: null, timeZone: 'UTC', extra: 1 }],
  'moto.customers.search': [{}, { q: 5 }, { q: 'x'.repeat(101) }],
  'moto.customers.lookup': [{ q: 'ab' }, {}],
  'moto.customers.open': [{ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa' }, {}],
  'moto.customers.create': [{ actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', email: 'not an email' }, { actionId: 'x', email: 'a@b.co' }, { actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', email: 'a@b.co', phone: 'call me' }],
  'moto.cards.setDefault': [{ customerId: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa', sourceId: 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa' }],
  'moto.cards.remove': [{ customerId: 'cus_x', sourceId: 'src_aaaaaaaaaaaaaaaaaaaaaaaaaa' }],
  'moto.cards.add': [{ actionId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', customerId: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa', card: { number: '4242424242424241', expiryMonth: 12, expiryYear: 2040, cvv: '100' }, makeDefault: false }],
  'moto.payments.suggestReference': [{ prefix: 'X' }],
  'moto.payments.create': [
    { requestId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', customerId: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa', source: { kind: 'default' }, amount: 12.5, currency: 'GBP', reference: 'R1', capture: true },
    { requestId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', customerId: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa', source: { kind: 'default' }, amount: 1250, currency: 'gbp', reference: 'R1', capture: true },
    { requestId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', customerId: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa', source: { kind: 'default' }, amount: 1250, currency: 'GBP', reference: '', capture: true },
    { requestId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', customerId: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa', source: { kind: 'new_card', card: { number: '4242424242424242', expiryMonth: 1, expiryYear: 2020, cvv: '100' }, save: false }, amount: 1250, currency: 'GBP', reference: 'R1', capture: true },
  ],
  'moto.payments.get': [{ requestId: 'x' }],
  'moto.payments.unresolved': [{ all: true }],
  'moto.payments.resolve': [{ requestId: '4f0a7c1e-5b1e-4c55-9a53-1c2f9b0e8d11', ifMissing: 'guess' }],
  'desktop.openExternal': [{}, { url: 42 }, { url: 'x'.repeat(3000) }],
  'desktop.openFile': [{}, { filters: [{ name: 'CSV', extensions: ['.csv'] }] }, { filters: [], typedPath: '' }],
  'desktop.printToPdf': [{ route: 'https://example.com', suggestedName: 'a.pdf' }, { route: '/reports', suggestedName: '../../etc/passwd' }],
}

describe('the contract', () => {
  it('has a handler for every call', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort())
  })

  for (const name of Object.keys(contract) as CallName[]) {
    it(`${name} rejects wrong input with a typed, readable error`, async () => {
      for (const input of wrongInputs[name]) {
        const result = await dispatch(handlers, app.registry, name, input)
        expect(result.ok).toBe(false)
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_input')
          // Said to a person: what to check, never the call's name or a schema path.
          expect(result.error.message).toMatch(/^Check the .+: .+\.$/)
          expect(result.error.message).not.toContain(name)
        }
      }
    })
  }

  it('names the offending field in the message', async () => {
    const result = await dispatch(handlers, app.registry, 'settings.save', { environment: 'sandbox', publicKey: null, processingChannelId: 'pc_nope', accountPrefix: null })
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Check the processing channel id: a processing channel id is pc_ followed by 26 lowercase letters or digits.' } })
  })

  it('answers an unknown call with a typed error', async () => {
    expect(await dispatch(handlers, app.registry, 'payments.deleteAll', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } })
    expect(await dispatch(handlers, app.registry, { toString: null }, {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } })
  })

  it('refuses a handler output that breaks its schema instead of passing it on', async () => {
    const broken: Handlers = { ...handlers, 'app.info': async () => ({ name: 'Paydesk', version: 1 }) as never }
    const result = await dispatch(broken, app.registry, 'app.info', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_output' } })
    expect(app.logger.lines.join('\n')).toContain('handler output failed its schema')
  })

  it('turns a thrown error into an internal error without leaking it', async () => {
    const failing: Handlers = { ...handlers, 'app.info': async () => { throw new Error('disk on fire at /secret/path') } }
    const result = await dispatch(failing, app.registry, 'app.info', {})
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong in app.info. Details are in the log.' } })
  })

  it('answers a valid call with output that fits the schema', async () => {
    const result = await dispatch(handlers, app.registry, 'app.info', {})
    expect(result).toMatchObject({ ok: true, value: { name: 'Paydesk', runtime: 'test', dataDir: app.dataDir } })
  })
})
