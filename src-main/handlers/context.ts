import type SQLite from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { CheckoutConnection } from '../checkout/connection'
import type { CallArgs, CallName, CallOutput } from '../contract'
import type { EmbeddedSimulator } from '../embedded-simulator'
import type { Logger } from '../logger'
import type { SecretStore } from '../settings/secret-store'
import type { ExportJob } from '../payments/payments-export'
import type { Database } from '../store/schema'
import type { SyncService } from '../sync/sync-service'

/** What every handler may use. Tests pass real ones: a temp database, a file secret store. */
export interface HandlerContext {
  /** The app's own database: settings. */
  settingsDb: Kysely<Database>
  /** The current connection's payments (see store/connection-stores.ts). */
  readonly db: Kysely<Database>
  /** The same database, for the prepared-statement hot paths (sync ingest). */
  readonly sqlite: SQLite.Database
  /** After Settings change: switch to the new connection's payments store. */
  useConnection(): Promise<void>
  secrets: SecretStore
  logger: Logger
  clock: () => Date
  runtime: 'electron' | 'web' | 'test'
  dataDir: string
  version: string
  /** The built-in Checkout.com simulator: the environment used when no key is configured. */
  simulator: EmbeddedSimulator
  /** The Checkout.com client for the environment in Settings. */
  checkout: CheckoutConnection
  sync: SyncService
  exports: ExportJob
  /** Where an export goes: a save dialog in Electron; the exports folder elsewhere. Null = the user cancelled. */
  chooseExportFile(suggestedName: string): Promise<string | null>
}

export type Handlers = {
  [K in CallName]: (ctx: HandlerContext, input: CallArgs<K>) => Promise<CallOutput<K>>
}
