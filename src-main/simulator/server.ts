import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { z } from 'zod'
import { BEFORE_HANDLING, createFaultPicker, FaultConfig, type FaultPlan } from './faults'
import { platformOfKey } from '../reference/key-platform'
import { createStateSaver, loadState } from './persistence'
import { cryptoRandom, makeKey, seededRandom, type Random } from './random'
import { createRequestLog } from './request-log'
import { applyDueCaptures } from './payments'
import { matchRoute } from './routes'
import { seedMerchantHistory, type SeedOptions } from './seed'
import { SimError } from './sim-error'
import type { SimContext } from './sim-context'
import { emptyState, type SimState } from './state'

export interface SimulatorOptions {
  host?: string
  port?: number
  secretKey?: string
  publicKey?: string
  /** Fill an empty simulator with a merchant's history. */
  seed?: SeedOptions
  /** Persist the state to this JSON file. */
  statePath?: string
  /** Append every request and response to this file as JSON lines. */
  logPath?: string
  faults?: Partial<FaultConfig>
  /** Ids and outcomes from this seed number instead of crypto randomness (tests). */
  randomSeed?: number
  maxBodyBytes?: number
  /** Idempotency keys are kept this long (default 24 h). */
  idempotencyWindowMs?: number
  /** Every API answer waits this long, as a real network and service do (--latency). */
  latencyMs?: number
  /** More API requests than this in one second answer 429 with Retry-After, as the live API does past its limit (--rate-limit). */
  rateLimit?: number
  /** The secret key's scopes beyond the payments basics; without `payments:search`, search answers 403. Default: it has it. */
  scopes?: { search?: boolean }
  /** How long after the authorisation a payment with `capture` (the default) and no `capture_on` is captured (default 2 s; --auto-capture-delay). */
  autoCaptureDelayMs?: number
}

export interface RunningSimulator {
  url: string
  secretKey: string
  publicKey: string
  ctx: SimContext
  setFaults(config: Partial<FaultConfig>): void
  advanceClock(ms: number): void
  /** How many API requests (admin pages aside) it has answered: tests assert what a client did not send. */
  requestCount(): number
  close(): Promise<void>
}

// Fingerprints are stable per card number across simulators and runs, so seeded and live
// payments with the same card share one, as they would on one Checkout.com account.

/** The live API captures an auto-capture payment shortly after answering; the simulator's "shortly". */
export const DEFAULT_AUTO_CAPTURE_DELAY_MS = 2000

const ClockRequest = z.strictObject({ advance_seconds: z.number().min(0).max(400 * 24 * 3600) })

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const random: Random = options.randomSeed !== undefined ? seededRandom(options.randomSeed) : cryptoRandom
  const secretKey = options.secretKey ?? makeKey(random, 'sk_sbox_')
  const publicKey = options.publicKey ?? makeKey(random, 'pk_sbox_')
  const platform = platformOfKey(secretKey)
  const maxBody = options.maxBodyBytes ?? 256 * 1024
  const idempotencyWindow = options.idempotencyWindowMs ?? 24 * 3600 * 1000
  let clockOffset = 0
  let baseUrl = ''
  let revision = 0

  const state: SimState = (options.statePath && loadState(options.statePath)) || emptyState()
  const saver = options.statePath ? createStateSaver(options.statePath, () => state) : null
  const ctx: SimContext = {
    get state() {
      return state
    },
    random,
    now: () => Date.now() + clockOffset,
    baseUrl: () => baseUrl,
    // Signs report download links for this run only (links are asked for again after a restart).
    linkSecret: randomBytes(32).toString('hex'),
    changed: (change) => {
      revision++
      saver?.changed(change)
    },
    revision: () => revision,
    autoCaptureDelayMs: options.autoCaptureDelayMs ?? DEFAULT_AUTO_CAPTURE_DELAY_MS,
  }
  if (options.seed && state.paymentOrder.length === 0) seedMerchantHistory(ctx, options.seed)

  // Expired idempotency records and tokens are dropped now and then, so a long-running
  // simulator (and its state file) does not grow without end.
  let keysSinceSweep = 0
  let lastSweep = ctx.now()
  const sweep = () => {
    keysSinceSweep = 0
    const now = ctx.now()
    lastSweep = now
    for (const [key, record] of Object.entries(state.idempotency)) if (record.at + idempotencyWindow <= now) delete state.idempotency[key]
    for (const [id, token] of Object.entries(state.tokens)) if (token.expiresAt + 3600_000 <= now) delete state.tokens[id]
  }

  const faults = createFaultPicker(FaultConfig.parse(options.faults ?? {}))
  const log = createRequestLog(options.logPath)
  const sockets = new Set<Socket>()
  const heldTimers = new Set<NodeJS.Timeout>()

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
      process.stderr.write(`simulator: ${error instanceof Error ? error.stack : String(error)}\n`)
    })
  })
  // What Node's HTTP parser refuses (a raw non-ASCII path, a broken header) gets the API's error shape.
  server.on('clientError', (_error, socket) => {
    const body = JSON.stringify({ error_type: 'request_invalid', error_codes: ['request_malformed'] })
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  function authorized(req: IncomingMessage, auth: 'secret' | 'public' | 'none'): boolean {
    if (auth === 'none') return true
    const header = (req.headers.authorization ?? '').trim().replace(/^Bearer\s+/i, '')
    return header === (auth === 'public' ? publicKey : secretKey)
  }

  let apiRequests = 0
  // Arrivals in the last second, for --rate-limit: a request past the limit is refused, not counted.
  const recentArrivals: number[] = []
  function overRateLimit(at: number): boolean {
    if (!options.rateLimit) return false
    while (recentArrivals.length && recentArrivals[0]! <= at - 1000) recentArrivals.shift()
    if (recentArrivals.length >= options.rateLimit) return true
    recentArrivals.push(at)
    return false
  }
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const started = performance.now()
    // The log's time is the request's arrival, the moment a rate limit counts.
    const arrived = new Date().toISOString()
    const requestId = randomUUID()
    const url = new URL(req.url ?? '/', baseUrl)
    const method = req.method ?? 'GET'
    // The 3-D Secure page and report downloads are reached from links, without the key.
    const isAdmin = url.pathname.startsWith('/__sim/') && !url.pathname.startsWith('/__sim/3ds/') && !url.pathname.startsWith('/__sim/files/')
    const plan: FaultPlan | null = url.pathname.startsWith('/__sim/') ? null : faults.pick(req.headers['cko-sim-fault'] as string | undefined)
    let logged: unknown
    if (!url.pathname.startsWith('/__sim/')) apiRequests++

    const finish = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
      const type = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8'
      log({ t: arrived, request_id: requestId, method, path: url.pathname + url.search, status, ms: Math.round(performance.now() - started), ...(plan ? { fault: plan.kind } : {}), request: logged, response: body })
      // Date is the simulated clock's, as a real server's Date is its own clock (moved by /__sim/clock).
      const base = { 'Cko-Request-Id': requestId, Date: new Date(ctx.now()).toUTCString(), ...(payload ? { 'Content-Type': type } : {}), ...headers }
      if (plan?.kind === 'reset') return void res.socket?.resetAndDestroy()
      if (plan?.kind === 'timeout') {
        // Never answer; the client's timeout fires. The socket is closed later so the server can stop.
        const timer = setTimeout(() => res.destroy(), faults.config.timeoutMs)
        heldTimers.add(timer)
        res.on('close', () => clearTimeout(timer))
        return
      }
      if (plan?.kind === 'truncate' && payload.length > 1) {
        res.writeHead(status, { ...base, 'Content-Length': String(Buffer.byteLength(payload)) })
        res.write(payload.slice(0, Math.floor(payload.length / 2)))
        return void setImmediate(() => res.destroy())
      }
      res.writeHead(status, base)
      res.end(payload)
    }

    const api = !url.pathname.startsWith('/__sim/')
    if (api && overRateLimit(performance.now())) {
      await drain(req)
      return finish(429, { request_id: requestId, error_type: 'too_many_requests', error_codes: ['too_many_requests'] }, { 'Retry-After': '1' })
    }
    if (api && options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs))
    if (plan?.kind === 'latency') await new Promise((r) => setTimeout(r, plan.latencyMs))
    if (plan && BEFORE_HANDLING.has(plan.kind)) {
      await drain(req)
      const status = Number(plan.kind)
      return finish(status, status === 429 ? { request_id: requestId, error_type: 'too_many_requests', error_codes: ['too_many_requests'] } : undefined, status === 429 ? { 'Retry-After': String(faults.config.retryAfterSeconds) } : {})
    }

    const body = await readBody(req, maxBody)
    if (body === 'too_large') {
      res.setHeader('Connection', 'close')
      return finish(413, { request_id: requestId, error_type: 'request_invalid', error_codes: ['request_body_too_large'] })
    }

    if (isAdmin) {
      if (!authorized(req, 'secret')) return finish(401)
      return handleAdmin(url.pathname, method, body, finish)
    }

    // Time-driven changes first, so every answer (a search, a report) sees the same state.
    applyDueCaptures(ctx)
    const matched = matchRoute(method, url.pathname)
    if (matched === null) return finish(404)
    if (matched === 'method_not_allowed') return finish(405)
    if (!authorized(req, matched.route.auth)) return finish(401)
    if (matched.route.scope === 'payments:search' && options.scopes?.search === false) return finish(403)
    if (matched.route.platform && matched.route.platform !== platform) return finish(404)

    let json: unknown = undefined
    if (body.length > 0 && matched.route.auth !== 'none') {
      try {
        json = JSON.parse(body)
      } catch {
        return finish(422, { request_id: requestId, error_type: 'request_invalid', error_codes: ['request_body_malformed'] })
      }
      // Nothing in the API nests deeper than a few levels; a body that does would overflow the stack further on.
      if (nestedDeeperThan(json, MAX_JSON_DEPTH)) return finish(422, { request_id: requestId, error_type: 'request_invalid', error_codes: ['request_body_too_deep'] })
    }
    logged = json

    // Idempotency: a repeat of a POST with a key seen in the last 24 h gets the first answer
    // again, whatever its body, as the live API does (its SDKs' integration tests rely on it).
    const idempotencyKey = method === 'POST' ? (req.headers['cko-idempotency-key'] as string | undefined) : undefined
    if (idempotencyKey) {
      const previous = state.idempotency[idempotencyKey]
      if (previous && previous.at + idempotencyWindow > ctx.now()) return finish(previous.status, previous.body, { 'Cko-Idempotent-Replayed': 'true' })
    }

    let status: number
    let answer: unknown
    try {
      const result = matched.route.handle(ctx, { params: matched.params, query: url.searchParams, body: json })
      if (result.redirect) return finish(result.status, undefined, { Location: result.redirect })
      if (result.csv) return finish(result.status, result.csv.content, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${result.csv.filename}"` })
      status = result.status
      answer = result.html ?? result.body
    } catch (error) {
      if (!(error instanceof SimError)) throw error
      status = error.status
      answer = error.body()
    }
    if (idempotencyKey && status < 500) {
      state.idempotency[idempotencyKey] = { status, body: answer, at: ctx.now() }
      // A sweep drops many records: a new snapshot then; otherwise one journal line.
      if (++keysSinceSweep >= 1000 || ctx.now() - lastSweep > idempotencyWindow / 4) {
        sweep()
        ctx.changed()
      } else ctx.changed({ idempotency: idempotencyKey })
    }
    return finish(status, answer)
  }

  function handleAdmin(path: string, method: string, body: string, finish: (status: number, body?: unknown) => void) {
    const parsed = (schema: z.ZodType) => {
      try {
        return schema.safeParse(body ? JSON.parse(body) : {})
      } catch {
        return { success: false as const, error: new z.ZodError([]) }
      }
    }
    if (path === '/__sim/info' && method === 'GET') {
      return finish(200, { payments: state.paymentOrder.length, customers: Object.keys(state.customers).length, requests: apiRequests, now: new Date(ctx.now()).toISOString(), faults: faults.config })
    }
    if (path === '/__sim/faults' && method === 'POST') {
      const result = parsed(FaultConfig)
      if (!result.success) return finish(422, { error_type: 'request_invalid', error_codes: ['faults_invalid'], detail: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) })
      faults.set(result.data as FaultConfig)
      return finish(200, faults.config)
    }
    if (path === '/__sim/clock' && method === 'POST') {
      const result = parsed(ClockRequest)
      if (!result.success) return finish(422, { error_type: 'request_invalid', error_codes: ['advance_seconds_invalid'] })
      clockOffset += (result.data as z.infer<typeof ClockRequest>).advance_seconds * 1000
      return finish(200, { now: new Date(ctx.now()).toISOString() })
    }
    return finish(404)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  baseUrl = `http://${host}:${address.port}`

  return {
    url: baseUrl,
    secretKey,
    publicKey,
    ctx,
    setFaults: (config) => faults.set(FaultConfig.parse(config)),
    advanceClock: (ms) => {
      clockOffset += ms
    },
    requestCount: () => apiRequests,
    close: () =>
      new Promise((resolve) => {
        heldTimers.forEach(clearTimeout)
        for (const socket of sockets) socket.destroy()
        server.close(() => {
          saver?.flush()
          resolve()
        })
      }),
  }
}

const MAX_JSON_DEPTH = 32

/** Whether a parsed JSON value nests objects or arrays more than `max` deep (iterative: a deep one must not overflow here either). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (!node || typeof node !== 'object') continue
    if (depth >= max) return true
    for (const child of Object.values(node)) if (child && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

function readBody(req: IncomingMessage, max: number): Promise<string | 'too_large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > max) {
      req.resume()
      return resolve('too_large')
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.resume()
    req.on('end', resolve)
    req.on('error', () => resolve())
  })
}
