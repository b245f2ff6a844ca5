import { Pool, request as undiciRequest, errors as undiciErrors } from 'undici'
import type { z } from 'zod'
import type { Logger } from '../logger'
import { CheckoutError, errorForStatus } from './errors'
import type { Priority, RateLimiter } from './rate-limiter'

// The transport: one keep-alive pool per base URL, the key added here and nowhere else,
// timeouts on connect, headers and body, and retries with exponential backoff and jitter
// for the requests that are safe to repeat (GETs, and POSTs with an idempotency key).

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface HttpClientOptions {
  baseUrl: string
  secretKey: string
  publicKey?: string | undefined
  logger?: Logger | undefined
  connectTimeoutMs?: number
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  connections?: number
  retry?: Partial<RetryPolicy>
  /** The budget of a sync's reads; default BACKGROUND_RETRY over `retry`, or `retry` itself when a caller set one (tests). */
  backgroundRetry?: Partial<RetryPolicy>
  /** The account's request budget, shared by every client of one connection; none for the built-in simulator. */
  limiter?: RateLimiter | undefined
  /** For jitter; tests may pass a fixed one. */
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export interface SendOptions<S extends z.ZodType | null> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  /** What the request is for, in words, for error messages ("capture of pay_…"). */
  what: string
  body?: unknown
  idempotencyKey?: string | undefined
  auth?: 'secret' | 'public'
  schema: S
  signal?: AbortSignal | undefined
  /** A person is waiting for it (a capture, a new payment): it goes before background work. Default: writes are, reads are not. */
  priority?: Priority
  /** The answer is a redirect (a report file): return its Location instead of a body. */
  want?: 'body' | 'location'
  /** 'background': a sync's read, retried on the longer background budget (it rides out a few minutes of faults). */
  retry?: 'background'
}

/** Background reads (a sync) wait out a few minutes of faults before giving up; a person's request does not. */
export const BACKGROUND_RETRY: Partial<RetryPolicy> = { attempts: 10, maxDelayMs: 30_000 }

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 }

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new CheckoutError('aborted', 'Cancelled.'))
    const onAbort = () => {
      clearTimeout(timer)
      reject(new CheckoutError('aborted', 'Cancelled.'))
    }
    // The listener goes when the wait ends: a long faulted sync waits thousands of times on one signal.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })

function transportError(error: unknown, what: string): CheckoutError {
  if (error instanceof CheckoutError) return error
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return new CheckoutError('timeout', `Checkout.com did not answer in time for ${what}.`)
  }
  if (error instanceof Error && error.name === 'AbortError') return new CheckoutError('aborted', 'Cancelled.')
  const code = (error as { code?: string }).code ?? ''
  // In words, not an errno: the code stays in the log line the transport writes.
  const why: Record<string, string> = {
    ENOTFOUND: 'its address could not be found: check the internet connection, and the account prefix in Settings',
    EAI_AGAIN: 'its address could not be looked up: check the internet connection',
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was dropped',
    UND_ERR_SOCKET: 'the connection was dropped',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
    EHOSTUNREACH: 'the network cannot reach it',
    ENETUNREACH: 'this computer is not connected to a network',
    CERT_HAS_EXPIRED: 'its security certificate could not be verified',
  }
  return new CheckoutError('network', `Could not reach Checkout.com for ${what}: ${why[code] ?? 'the network failed'}.`, { networkCode: code || (error instanceof Error ? error.message : String(error)) })
}

export class CheckoutHttp {
  private readonly pool: Pool
  private readonly retry: RetryPolicy
  private readonly backgroundRetry: RetryPolicy
  private readonly random: () => number
  private readonly sleep: NonNullable<HttpClientOptions['sleep']>

  constructor(private readonly options: HttpClientOptions) {
    this.pool = new Pool(options.baseUrl, {
      connections: options.connections ?? 16,
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000,
      keepAliveTimeout: 30_000,
    })
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    this.backgroundRetry = { ...this.retry, ...(options.backgroundRetry ?? (options.retry ? {} : BACKGROUND_RETRY)) }
    this.random = options.random ?? Math.random
    this.sleep = options.sleep ?? defaultSleep
  }

  get baseUrl(): string {
    return this.options.baseUrl
  }

  /** The Date header of Checkout.com's last answer, and this computer's clock when it came. */
  private lastServerDate: { server: number; local: number } | null = null

  /**
   * Checkout.com's clock as its last answer's Date header gave it, moved on by this computer's
   * clock since (to the second); null before any answer. Rules that hang on Checkout.com's time
   * (an idempotency key lives 24 hours there) read it instead of trusting this computer's clock alone.
   */
  serverNow(): number | null {
    return this.lastServerDate && this.lastServerDate.server + (Date.now() - this.lastServerDate.local)
  }

  /** Delay before attempt n (1-based retry count): exponential with full jitter, capped. */
  backoffMs(retry: number, policy: RetryPolicy = this.retry): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2)
  }

  async send<S extends z.ZodType | null>(request: SendOptions<S>): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    const repeatable = request.method === 'GET' || Boolean(request.idempotencyKey)
    const policy = request.retry === 'background' ? this.backgroundRetry : this.retry
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(request, attempt)
      } catch (raw) {
        const error = transportError(raw, request.what)
        const mayRetry = repeatable && error.retryable && attempt < policy.attempts && !request.signal?.aborted
        if (!mayRetry) throw error
        // A 429 is about the whole account: every request of this connection waits, not only this one.
        if (error.code === 'rate_limited') this.options.limiter?.pauseFor(error.details.retryAfterMs ?? this.backoffMs(attempt))
        const wait = Math.max(error.details.retryAfterMs ?? 0, this.backoffMs(attempt, policy))
        this.options.logger?.log('warn', 'checkout request failed; retrying', { method: request.method, path: request.path, attempt, code: error.code, ...(error.details.networkCode ? { networkCode: error.details.networkCode } : {}), waitMs: wait })
        await this.sleep(wait, request.signal)
      }
    }
  }

  private async once<S extends z.ZodType | null>(request: SendOptions<S>, attempt: number): Promise<any> {
    const key = request.auth === 'public' ? this.options.publicKey : this.options.secretKey
    if (!key) throw new CheckoutError('authentication', `No ${request.auth === 'public' ? 'public' : 'secret'} key is configured for ${request.what}.`)
    const release = await this.options.limiter?.acquire(request.priority ?? (request.method === 'GET' ? 'background' : 'user'), request.signal)
    try {
      return await this.exchange(request, key, attempt)
    } finally {
      release?.()
    }
  }

  private async exchange<S extends z.ZodType | null>(request: SendOptions<S>, key: string, attempt: number): Promise<any> {
    const started = performance.now()
    const response = await this.pool.request({
      method: request.method,
      path: request.path,
      headers: {
        authorization: key,
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(request.idempotencyKey ? { 'cko-idempotency-key': request.idempotencyKey } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    })
    const text = await response.body.text()
    const date = typeof response.headers.date === 'string' ? Date.parse(response.headers.date) : Number.NaN
    if (!Number.isNaN(date)) this.lastServerDate = { server: date, local: Date.now() }
    this.options.logger?.log('debug', 'checkout request', { method: request.method, path: request.path, status: response.statusCode, ms: Math.round(performance.now() - started), attempt })
    let json: unknown = undefined
    if (text) {
      try {
        json = JSON.parse(text)
      } catch {
        throw new CheckoutError('invalid_response', `Checkout.com sent a body that is not JSON for ${request.what} (status ${response.statusCode}).`)
      }
    }
    if (response.statusCode >= 400) throw errorForStatus(response.statusCode, request.what, json, response.headers)
    if (request.want === 'location') {
      const location = response.headers.location
      if (response.statusCode < 300 || typeof location !== 'string') throw new CheckoutError('invalid_response', `Checkout.com did not answer ${request.what} with a download link (status ${response.statusCode}).`)
      return location
    }
    if (!request.schema) return undefined
    const parsed = request.schema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new CheckoutError('invalid_response', `Checkout.com's answer for ${request.what} does not fit the API: ${issue.path.join('.') || '(body)'}: ${issue.message}.`)
    }
    return parsed.data
  }

  /**
   * A file at a link an API answer gave (a report's signed download link, on a storage host):
   * fetched without the key, which goes only to the API's own host. Retried like a GET; the
   * caller reads the returned stream once.
   */
  async download(url: string, what: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    const target = new URL(url)
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))) {
      throw new CheckoutError('invalid_response', `Checkout.com gave a download link that is not HTTPS for ${what}; refusing to follow it.`)
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await undiciRequest(target, {
          method: 'GET',
          headers: { accept: 'text/csv' },
          headersTimeout: this.options.headersTimeoutMs ?? 30_000,
          bodyTimeout: this.options.bodyTimeoutMs ?? 30_000,
          ...(signal ? { signal } : {}),
        })
        if (response.statusCode !== 200) {
          await response.body.dump()
          throw response.statusCode >= 500 ? new CheckoutError('server', `The download of ${what} answered ${response.statusCode}.`) : new CheckoutError('not_found', `The download link of ${what} answered ${response.statusCode} (expired or refused).`)
        }
        return response.body
      } catch (raw) {
        const error = transportError(raw, what)
        if (!error.retryable || attempt >= this.retry.attempts || signal?.aborted) throw error
        await this.sleep(this.backoffMs(attempt), signal)
      }
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
