import { homedir } from 'node:os'
import { join } from 'node:path'
import type { HandlerContext } from './handlers/context'
import type { Logger } from './logger'
import type { SecretStore } from './settings/secret-store'
import { createExportJob } from './payments/payments-export'
import { createEmbeddedSimulator, FIRST_START_SEED } from './embedded-simulator'
import { createCheckoutConnection } from './checkout/connection'
import { apiBaseUrl } from './settings/api-base-url'
import { readConnection, readSecretKey } from './settings/settings-service'
import { createSyncService } from './sync/sync-service'
import { connectionStoreName, openConnectionStores } from './store/connection-stores'
import { openDatabase } from './store/open-database'
import { version } from '../package.json'

export function defaultDataDir(): string {
  return process.env.PAYDESK_DATA_DIR || join(homedir(), '.paydesk')
}

export interface AppContextOptions {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  runtime: HandlerContext['runtime']
  nativeBinding?: string
  /** History to seed a new built-in simulator with; null for an empty one. */
  simulatorSeed?: typeof FIRST_START_SEED | null
  /** The shell's save dialog; without one, exports go to <dataDir>/exports. */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>
}

/** Opens (and migrates) the store and assembles what the handlers need; shared by Electron, the browser host and tests. */
export async function createAppContext(options: AppContextOptions): Promise<{ ctx: HandlerContext; close(): Promise<void> }> {
  const app = await openDatabase(join(options.dataDir, 'paydesk.sqlite'), { nativeBinding: options.nativeBinding })
  const saved = await readConnection(app.db)
  const stores = await openConnectionStores(options.dataDir, connectionStoreName(saved.environment, saved.accountPrefix), options.nativeBinding)
  const simulator = createEmbeddedSimulator(app.db, options.dataDir, options.simulatorSeed === undefined ? FIRST_START_SEED : options.simulatorSeed)
  const clock = () => new Date()
  // The connection reads Settings when a request is made, so it may refer to ctx below.
  const checkout = createCheckoutConnection(
    async () => {
      const connection = await readConnection(app.db)
      return { environment: connection.environment, baseUrl: apiBaseUrl(connection.environment, connection.accountPrefix, null), secretKey: readSecretKey(ctx), publicKey: connection.publicKey }
    },
    simulator,
    options.logger,
  )
  const ctx: HandlerContext = {
    settingsDb: app.db,
    get db() {
      return stores.current().db
    },
    get sqlite() {
      return stores.current().sqlite
    },
    secrets: options.secrets,
    logger: options.logger,
    clock,
    runtime: options.runtime,
    dataDir: options.dataDir,
    version,
    simulator,
    checkout,
    sync: createSyncService({ connection: checkout, sqlite: () => stores.current().sqlite, logger: options.logger, clock }),
    exports: createExportJob(() => stores.current().db),
    chooseExportFile: options.chooseExportFile ?? (async (name) => join(options.dataDir, 'exports', name)),
    async useConnection() {
      const connection = await readConnection(app.db)
      const name = connectionStoreName(connection.environment, connection.accountPrefix)
      if (name === stores.currentName()) return
      // Nothing may hold the old store while it closes.
      ctx.sync.cancel()
      ctx.exports.cancel()
      await Promise.all([ctx.sync.settled(), ctx.exports.settled()])
      await stores.use(name)
      ctx.sync.reset()
    },
  }
  if (saved.environment === 'simulator') await ctx.simulator.ensure()
  return {
    ctx,
    async close() {
      ctx.sync.cancel()
      ctx.exports.cancel()
      await Promise.all([ctx.sync.settled(), ctx.exports.settled()])
      await ctx.checkout.close()
      await ctx.simulator.close()
      await stores.close()
      await app.close()
    },
  }
}
