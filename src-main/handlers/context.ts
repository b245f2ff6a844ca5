import type { Kysely } from 'kysely'
import type { CallName, CallInput, CallOutput } from '../contract'
import type { EmbeddedSimulator } from '../embedded-simulator'
import type { Logger } from '../logger'
import type { SecretStore } from '../settings/secret-store'
import type { Database } from '../store/schema'

/** What every handler may use. Tests pass real ones: a temp database, a file secret store. */
export interface HandlerContext {
  db: Kysely<Database>
  secrets: SecretStore
  logger: Logger
  clock: () => Date
  runtime: 'electron' | 'web' | 'test'
  dataDir: string
  version: string
  /** The built-in Checkout.com simulator: the environment used when no key is configured. */
  simulator: EmbeddedSimulator
}

export type Handlers = {
  [K in CallName]: (ctx: HandlerContext, input: CallInput<K>) => Promise<CallOutput<K>>
}
