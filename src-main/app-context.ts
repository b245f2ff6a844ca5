import { homedir } from 'node:os'
import { join } from 'node:path'
import type { HandlerContext } from './handlers/context'
import type { Logger } from './logger'
import type { SecretStore } from './settings/secret-store'
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
    simulatorUrl: null,
  }
  return { ctx, close: () => store.close() }
}
