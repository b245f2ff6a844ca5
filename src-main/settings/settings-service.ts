import type { Kysely } from 'kysely'
import { z } from 'zod'
import { Environment, type SettingsInput, type SettingsView } from '../contract'
import { AppError } from '../errors'
import type { HandlerContext } from '../handlers/context'
import type { Database } from '../store/schema'
import { readSetting, writeSetting } from '../store/settings-repo'
import { apiBaseUrl } from './api-base-url'
import { publicKeyProblem, secretKeyHint, secretKeyProblem } from './key-formats'

// The non-secret part lives in the settings table; the secret key only in the SecretStore.
const ConnectionSettings = z.object({
  environment: Environment,
  publicKey: z.string().nullable(),
  processingChannelId: z.string().nullable(),
  accountPrefix: z.string().nullable(),
})
type ConnectionSettings = z.infer<typeof ConnectionSettings>

const CONNECTION = 'connection'
const SECRET_KEY = 'checkout.secretKey'
const DEFAULTS: ConnectionSettings = { environment: 'simulator', publicKey: null, processingChannelId: null, accountPrefix: null }

/** The saved connection (environment, public key, channel, prefix); the simulator until one is saved. */
export async function readConnection(settingsDb: Kysely<Database>): Promise<ConnectionSettings> {
  return (await readSetting(settingsDb, CONNECTION, ConnectionSettings)) ?? DEFAULTS
}

/** The secret key, for the main process's own client only; never put it in a handler's output. */
export function readSecretKey(ctx: HandlerContext): string | null {
  return ctx.secrets.get(SECRET_KEY)
}

export async function viewSettings(ctx: HandlerContext): Promise<SettingsView> {
  const connection = await readConnection(ctx.settingsDb)
  const key = readSecretKey(ctx)
  return {
    ...connection,
    secretKey: key ? { hint: secretKeyHint(key) } : null,
    apiBaseUrl: apiBaseUrl(connection.environment, connection.accountPrefix, ctx.simulator.current()?.url ?? null),
    secretStorage: { encrypted: ctx.secrets.encrypted, description: ctx.secrets.description },
  }
}

export async function saveSettings(ctx: HandlerContext, input: SettingsInput): Promise<SettingsView> {
  const newKey = input.secretKey ? input.secretKey : null
  const keptKey = input.forgetSecretKey ? null : readSecretKey(ctx)
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
    } satisfies ConnectionSettings,
    ctx.clock(),
  )
  if (input.environment === 'simulator') await ctx.simulator.ensure()
  await ctx.useConnection()
  if (newKey) ctx.secrets.set(SECRET_KEY, newKey)
  else if (input.forgetSecretKey) ctx.secrets.delete(SECRET_KEY)
  ctx.logger.log('info', 'settings saved', { environment: input.environment, secretKeyChanged: Boolean(newKey || input.forgetSecretKey) })
  return viewSettings(ctx)
}
