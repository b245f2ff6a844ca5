import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request as rawRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handlers } from '../../../src-main/app/handler-map'
import { startHost, type RunningHost } from '../../../src-main/host/server'
import { seededRandom, type Random } from '../../../src-main/simulator/random'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator/server'
import { makeTestApp } from '../../fixtures/app-context'

// A bounded fuzz of both HTTP edges (the browser host and the simulator): malformed paths and
// %-escapes, odd methods, bodies that are not JSON, too deep, or declared too large. Every
// answer must be a client error (with a body where the API gives one) or a typed result, never
// a 5xx, and the server must still serve afterwards. Seeded: the same requests every run.

interface Answer {
  status: number
  body: string
}

/** A raw request, so paths are sent exactly as written (no URL normalisation) and Content-Length can lie. */
function send(origin: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(origin)
  return new Promise((resolve, reject) => {
    // A fresh connection each: a server that closes one after a refused body must not fail the next request.
    const req = rawRequest({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', reject)
    })
    req.on('error', (error) => resolve({ status: 0, body: String(error) })) // the server hung up: judged below
    if (body !== undefined) req.write(body)
    req.end()
  })
}

const SEGMENTS = ['%', '%f', '%ff', '%E0%A4%A', '%00', '..', '%2e%2e', '~', 'é', '%C3%A9', 'a'.repeat(300), '{id}', '%25', ';', ' ', 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'cus_%zz', '\u0000']
const pick = <T>(random: Random, items: readonly T[]) => items[Math.floor(random.next() * items.length)]!

function fuzzPath(random: Random, roots: readonly string[]): string {
  let path = pick(random, roots)
  for (let i = Math.floor(random.next() * 3); i >= 0; i--) path += `/${pick(random, SEGMENTS)}`
  return path.replaceAll(' ', '%20').replaceAll('\u0000', '%00')
}

function fuzzBody(random: Random): { body: string; headers: Record<string, string> } {
  switch (Math.floor(random.next() * 6)) {
    case 0:
      return { body: '[' .repeat(50_000) + ']'.repeat(50_000), headers: { 'content-type': 'application/json' } }
    case 1:
      return { body: '{"a":' .repeat(5000) + '1' + '}'.repeat(5000), headers: { 'content-type': 'application/json' } }
    case 2:
      return { body: '{"amount": 1, "currency": "GBP"', headers: { 'content-type': 'application/json' } }
    case 3:
      return { body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(random.next() * 256))).toString('latin1'), headers: {} }
    case 4:
      return { body: '{}', headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) } }
    default:
      return { body: JSON.stringify({ source: { type: 'card', number: '4242' }, amount: -1, currency: 'XX' }), headers: { 'content-type': 'application/json' } }
  }
}

let app: Awaited<ReturnType<typeof makeTestApp>>
let host: RunningHost
let sim: RunningSimulator
beforeAll(async () => {
  app = await makeTestApp()
  const rendererDir = mkdtempSync(join(tmpdir(), 'paydesk-fuzz-renderer-'))
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Paydesk</title>')
  host = await startHost({ registry: app.registry, handlers, rendererDir })
  sim = await startSimulator({ randomSeed: 5, seed: { count: 20, days: 2, seed: 3 } })
})
afterAll(async () => {
  await host.close()
  await app.dispose()
  await sim.close()
})

describe('fuzzing the HTTP edges', () => {
  it('the browser host answers every malformed request with a client error or a typed result, and keeps serving', async () => {
    const random = seededRandom(11)
    const hostHeader = new URL(host.origin).host
    for (let i = 0; i < 150; i++) {
      const post = random.next() < 0.6
      const path = fuzzPath(random, post ? ['/api/call', '/api/call/payments.list', '/api/call/%', '/api/call/settings.save'] : ['', '/assets', '/api/events', '/%', '/index.html'])
      const { body, headers } = post ? fuzzBody(random) : { body: undefined, headers: {} }
      const method = post ? 'POST' : pick(random, ['GET', 'HEAD', 'DELETE', 'OPTIONS'])
      const answer = await send(host.origin, method, path || '/', { host: hostHeader, 'x-paydesk-token': host.token, cookie: '', ...headers }, body)
      const what = `${method} ${path} -> ${answer.status} ${answer.body.slice(0, 120)}`
      expect(answer.status, what).toBeGreaterThanOrEqual(200)
      expect(answer.status, what).toBeLessThan(500)
      if (answer.status === 200 && path.startsWith('/api/call')) expect(JSON.parse(answer.body), what).toHaveProperty('ok')
      if (answer.status >= 400 && method !== 'HEAD') expect(answer.body.length, what).toBeGreaterThan(0)
    }
    const info = await send(host.origin, 'POST', '/api/call/app.info', { host: hostHeader, 'x-paydesk-token': host.token, 'content-type': 'application/json' }, '{}')
    expect(JSON.parse(info.body)).toMatchObject({ ok: true })
  })

  it('the simulator answers every malformed request with a client error, and keeps serving', async () => {
    const random = seededRandom(12)
    const roots = ['/payments', '/payments/search', '/customers', '/instruments', '/tokens', '/reports', '/financial-actions', '/%', '/__sim/3ds']
    // Statuses the API answers without a body (spec and sandbox behaviour).
    const bodiless = new Set([401, 403, 404, 405])
    for (let i = 0; i < 150; i++) {
      const post = random.next() < 0.5
      const path = fuzzPath(random, roots)
      const { body, headers } = post ? fuzzBody(random) : { body: undefined, headers: {} }
      const method = post ? 'POST' : pick(random, ['GET', 'PATCH', 'DELETE'])
      const answer = await send(sim.url, method, path, { authorization: sim.secretKey, ...headers }, body)
      const what = `${method} ${path} -> ${answer.status} ${answer.body.slice(0, 120)}`
      expect(answer.status, what).toBeGreaterThanOrEqual(200)
      expect(answer.status, what).toBeLessThan(500)
      if (answer.status >= 400 && !bodiless.has(answer.status)) expect(answer.body.length, what).toBeGreaterThan(0)
    }
    const deep = await send(sim.url, 'POST', '/payments', { authorization: sim.secretKey, 'content-type': 'application/json' }, '{"a":'.repeat(200) + '1' + '}'.repeat(200))
    expect(deep.status).toBe(422)
    expect(JSON.parse(deep.body).error_codes).toEqual(['request_body_too_deep'])
    expect((await send(sim.url, 'GET', '/customers/cus_%zz', { authorization: sim.secretKey })).status).toBe(404)
    expect((await send(sim.url, 'GET', '/payments?limit=1', { authorization: sim.secretKey })).status).toBe(200)
  })
})
