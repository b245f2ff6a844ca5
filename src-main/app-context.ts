import { homedir } from 'node:os'
import { join } from 'node:path'
import type { HandlerContext } from './handlers/context'
import type { Logger } from './logger'
import type { SecretStore } from './settings/secret-store'
import { createEmbeddedSimulator, FIRST_START_SEED } from './embedded-simulator'
import { readConnection } from './settings/settings-service'
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
}

/** Opens (and migrates) the store and assembles what the handlers need; shared by Electron, the browser host and tests. */
export async function createAppContext(options: AppContextOptions): Promise<{ ctx: HandlerContext; close(): Promise<void> }> {
  const store = await openDatabase(join(options.dataDir, 'paydesk.sqlite'), { nativeBinding: options.nativeBinding })
  const ctx: HandlerContext = {
    db: store.db,
    secrets: options.secrets,
    logger: options.logger,
    clock: () => new Date(),
    runtime: options.runtime,
    dataDir: options.dataDir,
    version,
    simulator: createEmbeddedSimulator(store.db, options.dataDir, options.simulatorSeed === undefined ? FIRST_START_SEED : options.simulatorSeed),
  }
  if ((await readConnection(ctx)).environment === 'simulator') await ctx.simulator.ensure()
  return {
    ctx,
    async close() {
      await ctx.simulator.close()
      await store.close()
    },
  }
}
