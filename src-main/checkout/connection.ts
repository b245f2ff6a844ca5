import { createHash } from 'node:crypto'
import type { EmbeddedSimulator } from '../embedded-simulator'
import { AppError } from '../errors'
import type { Logger } from '../logger'
import type { Environment } from '../contract'
import { CheckoutClient } from './client'

// The client for whatever Settings say now: the built-in simulator, or the merchant's
// sandbox or production host with the stored key. One client (one keep-alive pool) per
// host and key; a change in Settings makes a new one and closes the old.

export interface ConnectionSettings {
  environment: Environment
  baseUrl: string | null
  secretKey: string | null
  publicKey: string | null
}

export interface CheckoutConnection {
  client(): Promise<CheckoutClient>
  close(): Promise<void>
}

export function createCheckoutConnection(read: () => Promise<ConnectionSettings>, simulator: EmbeddedSimulator, logger: Logger): CheckoutConnection {
  let current: { id: string; client: CheckoutClient } | null = null
  return {
    async client() {
      const settings = await read()
      let baseUrl = settings.baseUrl
      let secretKey = settings.secretKey
      let publicKey = settings.publicKey
      if (settings.environment === 'simulator') {
        const sim = await simulator.ensure()
        ;({ url: baseUrl, secretKey, publicKey } = sim)
      }
      if (!baseUrl || !secretKey) throw new AppError('key_rejected', `No secret key is saved for the Checkout.com ${settings.environment}. Add one in Settings.`)
      const id = createHash('sha256').update(`${baseUrl}\n${secretKey}\n${publicKey ?? ''}`).digest('hex')
      if (current?.id !== id) {
        const old = current
        current = { id, client: new CheckoutClient({ baseUrl, secretKey, publicKey: publicKey ?? undefined, logger }) }
        void old?.client.close()
      }
      return current.client
    },
    async close() {
      await current?.client.close()
      current = null
    },
  }
}
