import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { handlers } from '../../../src-main/app/handler-map'
import { hostToken } from '../../../src-main/host/host-token'
import { startHost, type RunningHost } from '../../../src-main/host/server'
import { makeTestApp } from '../../fixtures/app-context'

let app: Awaited<ReturnType<typeof makeTestApp>>
let host: RunningHost

beforeEach(async () => {
  app = await makeTestApp()
  const rendererDir = mkdtempSync(join(tmpdir(), 'paydesk-renderer-'))
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Paydesk</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(rendererDir, '..', 'outside.txt'), 'not served')
  host = await startHost({ registry: app.registry, handlers, rendererDir })
})
afterEach(async () => {
  await host.close()
  await app.dispose()
})

const call = (name: string, body: string, headers: Record<string, string> = { 'x-paydesk-token': host.token }) =>
  request(`${host.origin}/api/call/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })

describe('the browser host', () => {
  it('binds to loopback and prints a URL that carries the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/)
  })

  it('refuses the page, assets and calls without the token', async () => {
    expect((await request(`${host.origin}/`)).statusCode).toBe(401)
    expect((await request(`${host.origin}/assets/app.js`)).statusCode).toBe(401)
    expect((await request(`${host.origin}/?token=wrong`)).statusCode).toBe(401)
    const response = await call('app.info', '{}', {})
    expect(response.statusCode).toBe(401)
    expect(await response.body.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('serves the page with the token, then assets by its cookie, with the CSP header', async () => {
    const page = await request(host.url)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    const cookie = String(page.headers['set-cookie']).split(';')[0]!
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Max-Age=31536000/)
    expect((await request(`${host.origin}/assets/app.js`, { headers: { cookie } })).statusCode).toBe(200)
    expect((await request(`${host.origin}/..%2Foutside.txt`, { headers: { cookie } })).statusCode).toBe(404)
  })

  it('answers a malformed %-escape with 400 and a body declared too large with 413 at once', async () => {
    const cookie = String((await request(host.url)).headers['set-cookie']).split(';')[0]!
    for (const path of ['/%', '/assets/%ff']) {
      const answer = await request(`${host.origin}${path}`, { headers: { cookie } })
      expect(answer.statusCode).toBe(400)
      expect(await answer.body.text()).toBe('Malformed address')
    }
    expect((await call('%E0%A4%A', '{}')).statusCode).toBe(400)
    // Declared 50 MB, sent 2 bytes: refused on the header, not after reading.
    const declared = await request(`${host.origin}/api/call/app.info`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-paydesk-token': host.token, 'content-length': String(50 * 1024 * 1024) } }).catch((e: Error) => e)
    if (!(declared instanceof Error)) expect(declared.statusCode).toBe(413)
    expect((await call('app.info', '{}')).statusCode).toBe(200)
  })

  it('keeps its token in the data folder (0600), so a bookmark survives a restart of the host', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paydesk-token-')), 'host-token')
    const first = hostToken(file)
    expect(first).toMatch(/^[\w-]{43}$/)
    expect(hostToken(file)).toBe(first)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a request whose Host is not its own (DNS rebinding)', async () => {
    expect((await request(host.url, { headers: { host: 'evil.example:80' } })).statusCode).toBe(421)
  })

  it('answers calls through the contract, with typed errors for bad JSON and bad input', async () => {
    expect(await (await call('app.info', '{}')).body.json()).toMatchObject({ ok: true, value: { name: 'Paydesk' } })
    const bad = await call('settings.save', '{not json')
    expect(bad.statusCode).toBe(400)
    expect(await bad.body.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await (await call('settings.save', '{"environment":1}')).body.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect((await call('app.info', 'x'.repeat(2 * 1024 * 1024))).statusCode).toBe(413)
    // The host keeps serving after all of that.
    expect((await call('app.info', '{}')).statusCode).toBe(200)
  })
})

describe('the event stream', () => {
  it('refuses a reader without the token cookie', async () => {
    expect((await request(`${host.origin}/api/events`)).statusCode).toBe(401)
    expect((await request(`${host.origin}/api/events`, { headers: { cookie: 'paydesk_token=wrong' } })).statusCode).toBe(401)
  })

  it('pushes the main process’s events to a page as server-sent events', async () => {
    const cookie = String((await request(host.url)).headers['set-cookie']).split(';')[0]!
    const stream = await request(`${host.origin}/api/events`, { headers: { cookie } })
    expect(stream.statusCode).toBe(200)
    expect(stream.headers['content-type']).toContain('text/event-stream')
    const received: string[] = []
    const done = new Promise<void>((resolve) => {
      stream.body.on('data', (chunk: Buffer) => {
        received.push(chunk.toString())
        if (received.join('').includes('"topic":"payments"')) resolve()
      })
    })
    app.registry.events.emit({ type: 'changed', topic: 'payments' })
    await done
    expect(received.join('')).toContain('data: {"type":"changed","topic":"payments"}\n\n')
    stream.body.destroy()
  })
})
