import { createHash } from 'node:crypto'
import { AppError } from '../contract/errors'
import type { Logger } from '../logger'
import { CheckoutClient } from './client'
import { createRateLimiter, type RateLimiter } from './rate-limiter'

// The client for whatever Settings say now: the built-in simulator, or the merchant's
// sandbox or production host with the stored key. One client (one keep-alive pool) per
// host and key; a change in Settings makes a new one and closes the old.

export interface ConnectionSettings {
  environment: 'simulator' | 'sandbox' | 'production'
  baseUrl: string | null
  secretKey: string | null
  publicKey: string | null
  /** The account's budget for this app (Settings); the built-in simulator has none. */
  requestsPerSecond: number
}

export interface CheckoutConnection {
  client(): Promise<CheckoutClient>
  /** One quick authenticated request (no retries) to tell the user whether the settings work. */
  probe(now: Date): Promise<{ ok: boolean; message: string }>
  close(): Promise<void>
}

/** The built-in simulator's address and keys, started on first need. */
export type BuiltInSimulator = () => Promise<{ url: string; secretKey: string; publicKey: string }>

export function createCheckoutConnection(read: () => Promise<ConnectionSettings>, builtIn: BuiltInSimulator, logger: Logger): CheckoutConnection {
  let current: { id: string; client: CheckoutClient; limiter: RateLimiter | undefined } | null = null
  // The account's budget is shared by every request of a connection; the built-in simulator has none.
  const limiterFor = (environment: ConnectionSettings['environment'], perSecond: number) => (environment === 'simulator' ? undefined : createRateLimiter({ perSecond }))

  async function resolve() {
    const settings = await read()
    let baseUrl = settings.baseUrl
    let secretKey = settings.secretKey
    let publicKey = settings.publicKey
    if (settings.environment === 'simulator') {
      const sim = await builtIn()
      ;({ url: baseUrl, secretKey, publicKey } = sim)
    }
    if (!baseUrl || !secretKey) throw new AppError('key_rejected', `No secret key is saved for the Checkout.com ${settings.environment}. Add one in Settings.`)
    return { environment: settings.environment, baseUrl, secretKey, publicKey, requestsPerSecond: settings.requestsPerSecond }
  }

  return {
    async client() {
      const { environment, baseUrl, secretKey, publicKey, requestsPerSecond } = await resolve()
      const id = createHash('sha256').update(`${baseUrl}\n${secretKey}\n${publicKey ?? ''}\n${requestsPerSecond}`).digest('hex')
      if (current?.id !== id) {
        const old = current
        const limiter = limiterFor(environment, requestsPerSecond)
        current = { id, limiter, client: new CheckoutClient({ baseUrl, secretKey, publicKey: publicKey ?? undefined, logger, limiter }) }
        void old?.client.close()
      }
      return current.client
    },
    async probe(now) {
      const { environment, baseUrl, secretKey, requestsPerSecond } = await resolve()
      const once = new CheckoutClient({ baseUrl, secretKey, logger, retry: { attempts: 1 }, connectTimeoutMs: 8000, headersTimeoutMs: 10_000, limiter: current?.limiter ?? limiterFor(environment, requestsPerSecond) })
      try {
        // The request a sync starts with: Payment Search for current-platform keys, the reconciliation report for older ones.
        const range = { from: new Date(now.getTime() - 86_400_000).toISOString(), to: now.toISOString() }
        if (once.platform === 'current') await once.searchPayments({ ...range, limit: 1 })
        else await once.reportPage({ ...range, limit: 1 })
        return { ok: true, message: `Connected to ${environment === 'simulator' ? 'the built-in simulator' : `the Checkout.com ${environment}`} (${new URL(baseUrl).host}); the key was accepted.` }
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) }
      } finally {
        await once.close()
      }
    },
    async close() {
      await current?.client.close()
      current = null
    },
  }
}
