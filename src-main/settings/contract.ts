import { z } from 'zod'
import { Empty, type CallTable } from '../contract/define'
import { isTimeZone } from '../reference/time-zone'

export const Environment = z.enum(['simulator', 'sandbox', 'production'])
export type Environment = z.infer<typeof Environment>

/** How hard a sync may use the account: requests a second (Checkout.com allows about 100 for the whole account) and the recent days each later sync reads again. */
export const SyncLimits = z.object({
  requestsPerSecond: z.number().int().min(1, 'At least 1 request a second.').max(100, 'Checkout.com allows about 100 requests a second for the whole account: at most 100.'),
  recentDays: z.number().int().min(1, 'At least 1 day.').max(14, 'At most 14 days.'),
})
export type SyncLimits = z.infer<typeof SyncLimits>
export const DEFAULT_SYNC_LIMITS: SyncLimits = { requestsPerSecond: 20, recentDays: 3 }

/** How the screens and exports show things, for every account alike. */
export const DisplaySettings = z
  .object({
    /** The IANA zone days and times are shown in (and a day's totals cut at); null follows the computer's. */
    timeZone: z.string().trim().max(64).refine(isTimeZone, 'not one this computer knows; use a name such as Europe/London').nullable(),
  })
  .strict()
export type DisplaySettings = z.infer<typeof DisplaySettings>
export const DEFAULT_DISPLAY: DisplaySettings = { timeZone: null }

export const SettingsView = z.object({
  environment: Environment,
  /** Only a hint (prefix and last 4) ever leaves the main process. */
  secretKey: z.object({ hint: z.string().max(16) }).nullable(),
  publicKey: z.string().nullable(),
  processingChannelId: z.string().nullable(),
  accountPrefix: z.string().nullable(),
  apiBaseUrl: z.string(),
  sync: SyncLimits,
  display: DisplaySettings,
  secretStorage: z.object({ encrypted: z.boolean(), description: z.string() }),
})
export type SettingsView = z.infer<typeof SettingsView>

export const SettingsInput = z
  .object({
    environment: Environment,
    /** A new secret key; omitted or empty keeps the stored one. */
    secretKey: z.string().trim().max(200).optional(),
    forgetSecretKey: z.boolean().optional(),
    publicKey: z.string().trim().max(200).nullable(),
    processingChannelId: z
      .string()
      .trim()
      .regex(/^pc_[a-z0-9]{26}$/, 'A processing channel id is pc_ followed by 26 lowercase letters or digits.')
      .nullable(),
    accountPrefix: z
      .string()
      .trim()
      .regex(/^[a-z0-9]{8}$/, 'The account prefix is the 8 letters or digits after cli_ in your client id.')
      .nullable(),
    /** Omitted: keep the saved limits. */
    sync: SyncLimits.optional(),
  })
  .strict()
export type SettingsInput = z.infer<typeof SettingsInput>

export const settingsCalls = {
  'settings.get': { input: Empty, output: SettingsView },
  'settings.save': { input: SettingsInput, output: SettingsView },
  'settings.display.save': { input: DisplaySettings, output: SettingsView },
  'settings.test': { input: Empty, output: z.object({ ok: z.boolean(), message: z.string() }) },
} satisfies CallTable
