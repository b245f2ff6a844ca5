import type { Kysely } from 'kysely'
import { z } from 'zod'
import { AppError } from '../contract/errors'
import type { EventSink } from '../contract/events'
import type { Logger } from '../logger'
import type { AppDatabase } from '../store/app-database'
import { apiBaseUrl } from './api-base-url'
import { DEFAULT_DISPLAY, DEFAULT_SYNC_LIMITS, DisplaySettings, Environment, SyncLimits, type SettingsInput, type SettingsView } from './contract'
import type { EmbeddedSimulator } from './embedded-simulator'
import { publicKeyProblem, secretKeyHint, secretKeyProblem } from './key-formats'
import type { SecretStore } from './secret-store'
import { readSetting, writeSetting } from './settings-repo'

export interface SettingsDeps {
  settingsDb: Kysely<AppDatabase>
  secrets: SecretStore
  simulator: EmbeddedSimulator
  /** After Settings change: switch to the new connection's payments store. */
  useConnection(): Promise<void>
  events: EventSink
  logger: Logger
  clock: () => Date
}

// The non-secret part lives in the settings table; the secret key only in the SecretStore.
const ConnectionSettings = z.object({
  environment: Environment,
  publicKey: z.string().nullable(),
  processingChannelId: z.string().nullable(),
  accountPrefix: z.string().nullable(),
  // Saved before the limits were a setting: the defaults.
  sync: SyncLimits.default(DEFAULT_SYNC_LIMITS),
})
type ConnectionSettings = z.infer<typeof ConnectionSettings>

const CONNECTION = 'connection'
const DISPLAY = 'display'
const SECRET_KEY = 'checkout.secretKey'
const DEFAULTS: ConnectionSettings = { environment: 'simulator', publicKey: null, processingChannelId: null, accountPrefix: null, sync: DEFAULT_SYNC_LIMITS }

/** The saved connection (environment, public key, channel, prefix); the simulator until one is saved. */
export async function readConnection(settingsDb: Kysely<AppDatabase>): Promise<ConnectionSettings> {
  return (await readSetting(settingsDb, CONNECTION, ConnectionSettings)) ?? DEFAULTS
}

/** The secret key, for the main process's own client only; never put it in a handler's output. */
export function readSecretKey(secrets: SecretStore): string | null {
  return secrets.get(SECRET_KEY)
}

/** The display settings (time zone), the same for every connection. */
export async function readDisplay(settingsDb: Kysely<AppDatabase>): Promise<DisplaySettings> {
  return (await readSetting(settingsDb, DISPLAY, DisplaySettings)) ?? DEFAULT_DISPLAY
}

export async function saveDisplay(ctx: SettingsDeps, input: DisplaySettings): Promise<SettingsView> {
  await writeSetting(ctx.settingsDb, DISPLAY, input, ctx.clock())
  // Totals cut at the zone's midnight and dates read in it: everything on screen changes.
  ctx.events.emit({ type: 'changed', topic: 'settings' })
  ctx.events.emit({ type: 'changed', topic: 'payments' })
  return viewSettings(ctx)
}

export async function viewSettings(ctx: Pick<SettingsDeps, 'settingsDb' | 'secrets' | 'simulator'>): Promise<SettingsView> {
  const connection = await readConnection(ctx.settingsDb)
  const key = readSecretKey(ctx.secrets)
  return {
    ...connection,
    secretKey: key ? { hint: secretKeyHint(key) } : null,
    display: await readDisplay(ctx.settingsDb),
    apiBaseUrl: apiBaseUrl(connection.environment, connection.accountPrefix, ctx.simulator.current()?.url ?? null),
    secretStorage: { encrypted: ctx.secrets.encrypted, description: ctx.secrets.description },
  }
}

export async function saveSettings(ctx: SettingsDeps, input: SettingsInput): Promise<SettingsView> {
  const newKey = input.secretKey ? input.secretKey : null
  const keptKey = input.forgetSecretKey ? null : readSecretKey(ctx.secrets)
  const key = newKey ?? keptKey
  if (input.environment !== 'simulator') {
    if (!key) throw new AppError('key_rejected', `A secret key is needed to connect to the Checkout.com ${input.environment}.`)
    const problem = secretKeyProblem(input.environment, key)
    if (problem) throw new AppError('key_rejected', newKey ? problem : `The saved secret key does not fit: ${problem}`)
    if (input.publicKey) {
      const publicProblem = publicKeyProblem(input.environment, input.publicKey)
      if (publicProblem) throw new AppError('key_rejected', publicProblem)
    }
  }
  await writeSetting(
    ctx.settingsDb,
    CONNECTION,
    {
      environment: input.environment,
      publicKey: input.publicKey || null,
      processingChannelId: input.processingChannelId || null,
      accountPrefix: input.accountPrefix || null,
      sync: input.sync ?? (await readConnection(ctx.settingsDb)).sync,
    } satisfies ConnectionSettings,
    ctx.clock(),
  )
  if (input.environment === 'simulator') await ctx.simulator.ensure()
  await ctx.useConnection()
  if (newKey) await ctx.secrets.set(SECRET_KEY, newKey)
  else if (input.forgetSecretKey) await ctx.secrets.delete(SECRET_KEY)
  ctx.events.emit({ type: 'changed', topic: 'settings' })
  ctx.events.emit({ type: 'changed', topic: 'payments' })
  ctx.logger.log('info', 'settings saved', { environment: input.environment, secretKeyChanged: Boolean(newKey || input.forgetSecretKey) })
  return viewSettings(ctx)
}
