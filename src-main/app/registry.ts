import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { createCheckoutConnection, type CheckoutConnection } from '../checkout/connection'
import type { JobName } from '../contract/events'
import type { Desktop } from '../desktop/desktop'
import { createFolderDesktop } from '../desktop/folder-desktop'
import { createJobRunner, type JobRunner } from '../jobs/job-runner'
import type { Logger } from '../logger'
import { apiBaseUrl } from '../settings/api-base-url'
import { createEmbeddedSimulator, FIRST_START_SEED, type EmbeddedSimulator } from '../settings/embedded-simulator'
import type { SecretStore } from '../settings/secret-store'
import { readConnection, readSecretKey } from '../settings/settings-service'
import type { AppDatabase } from '../store/app-database'
import { openAppStore } from '../store/app-store'
import { connectionStoreFile, connectionStoreName, openConnectionStores } from '../store/connection-stores'
import { moveLegacyPayments } from '../store/legacy-payments-move'
import type { PaymentsStore } from '../store/payments-store'
import { makeTreePrivate, PRIVATE_DIR } from '../store/private-files'
import { createSyncService, type SyncService } from '../sync/sync-service'
import { version } from '../../package.json'
import type { AppInfo } from './contract'
import { createEventBus, type EventBus } from './event-bus'
import { CAPTURE_FOLLOW_MS } from '../moto/payment-requests'

export function defaultDataDir(): string {
  return process.env.PAYDESK_DATA_DIR || join(homedir(), '.paydesk')
}

/**
 * Everything the app is made of, built in one place. Handlers receive it, but each capability's
 * handlers are typed against only the members they use, so this is a registry, not a context
 * every function reaches into.
 */
export interface AppRegistry {
  info: Omit<AppInfo, 'name'>
  /** The app's own database: settings. */
  settingsDb: Kysely<AppDatabase>
  /** The current connection's payments (see store/connection-stores.ts). */
  store: () => PaymentsStore
  /** After Settings change: switch to the new connection's payments store. */
  useConnection(): Promise<void>
  secrets: SecretStore
  logger: Logger
  clock: () => Date
  events: EventBus
  jobs: JobRunner
  /** The built-in Checkout.com simulator: the environment used when no key is configured. */
  simulator: EmbeddedSimulator
  /** The Checkout.com client for the environment in Settings. */
  checkout: CheckoutConnection
  sync: SyncService
  /** The sync's single-payment refresh, for the payments room (which does not import sync). */
  refreshPayment(id: string): Promise<void>
  /** Settings' processing channel (pc_…), which phone payments send. */
  processingChannelId(): Promise<string | null>
  /** When a phone payment awaiting its automatic capture is read again (tests shorten or empty it). */
  captureFollowMs: readonly number[]
  desktop: Desktop
}

export interface AppOptions {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  runtime: AppInfo['runtime']
  nativeBinding?: string | undefined
  /** History to seed a new built-in simulator with; null for an empty one. */
  simulatorSeed?: typeof FIRST_START_SEED | null
  /** The shell's native dialogs; without one, the folder desktop (browser host, tests). */
  desktop?: (registry: Pick<AppRegistry, 'simulator'>) => Desktop
}

export interface App {
  registry: AppRegistry
  close(): Promise<void>
}

/** Opens (and migrates) the stores and assembles the registry; shared by Electron, the browser host and tests. */
export async function createApp(options: AppOptions): Promise<App> {
  mkdirSync(options.dataDir, { recursive: true, mode: PRIVATE_DIR })
  const fixed = makeTreePrivate(options.dataDir)
  if (fixed.length) options.logger.log('warn', 'made the data folder private (others could read it)', { paths: fixed.length })
  const appStore = await openAppStore(join(options.dataDir, 'paydesk.sqlite'), { nativeBinding: options.nativeBinding })
  try {
    const saved = await readConnection(appStore.db)
    const firstStore = connectionStoreName(saved.environment, saved.accountPrefix)
    const stores = await openConnectionStores(options.dataDir, firstStore, options.nativeBinding)
    const moved = moveLegacyPayments(appStore.sqlite, connectionStoreFile(options.dataDir, firstStore))
    if (moved) options.logger.log('info', 'moved payments from an older paydesk.sqlite into the connection store', { store: firstStore, ...moved })

    const clock = () => new Date()
    const events = createEventBus(options.logger)
    const jobs = createJobRunner({ clock, logger: options.logger, onChange: (job, status) => events.emit({ type: 'job', job: job as JobName, status: { ...status } }) })
    const simulator = createEmbeddedSimulator(appStore.db, options.dataDir, options.simulatorSeed === undefined ? FIRST_START_SEED : options.simulatorSeed)
    const checkout = createCheckoutConnection(
      async () => {
        const connection = await readConnection(appStore.db)
        return { environment: connection.environment, baseUrl: apiBaseUrl(connection.environment, connection.accountPrefix, null), secretKey: readSecretKey(options.secrets), publicKey: connection.publicKey, requestsPerSecond: connection.sync.requestsPerSecond }
      },
      () => simulator.ensure(),
      options.logger,
    )
    const store = () => stores.current()
    const sync = createSyncService({ connection: checkout, store, jobs, events, logger: options.logger, clock, limits: async () => (await readConnection(appStore.db)).sync })
    const registry: AppRegistry = {
      info: { version, runtime: options.runtime, dataDir: options.dataDir },
      settingsDb: appStore.db,
      store,
      secrets: options.secrets,
      logger: options.logger,
      clock,
      events,
      jobs,
      simulator,
      checkout,
      sync,
      refreshPayment: (id) => sync.refreshPayment(id),
      processingChannelId: async () => (await readConnection(appStore.db)).processingChannelId,
      captureFollowMs: CAPTURE_FOLLOW_MS,
      desktop: options.desktop ? options.desktop({ simulator }) : createFolderDesktop({ dataDir: options.dataDir, simulatorOrigin: () => simulator.current()?.url ?? null }),
      async useConnection() {
        const connection = await readConnection(appStore.db)
        const name = connectionStoreName(connection.environment, connection.accountPrefix)
        if (name === stores.currentName()) return
        // Nothing may hold the old store while it closes.
        jobs.cancelAll()
        await jobs.settled()
        await stores.use(name)
        sync.reset()
      },
    }
    if (saved.environment === 'simulator') await simulator.ensure()
    return {
      registry,
      async close() {
        jobs.cancelAll()
        await jobs.settled()
        await checkout.close()
        await simulator.close()
        await stores.close()
        await appStore.close()
      },
    }
  } catch (error) {
    await appStore.close()
    throw error
  }
}
