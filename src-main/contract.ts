import { z } from 'zod'
import { SyncProgress, SyncSummary } from './sync/sync-report'

// Every call the renderer may make to the main process: its name, the schema of its
// input and the schema of its output. Both directions are validated in the main process
// (src-main/ipc/dispatch.ts); the renderer only imports types from here.

export const Environment = z.enum(['simulator', 'sandbox', 'production'])
export type Environment = z.infer<typeof Environment>

const Empty = z.object({}).strict()

export const SettingsView = z.object({
  environment: Environment,
  /** Only a hint (prefix and last 4) ever leaves the main process. */
  secretKey: z.object({ hint: z.string().max(16) }).nullable(),
  publicKey: z.string().nullable(),
  processingChannelId: z.string().nullable(),
  accountPrefix: z.string().nullable(),
  apiBaseUrl: z.string(),
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
  })
  .strict()
export type SettingsInput = z.infer<typeof SettingsInput>

export const AppInfo = z.object({
  name: z.literal('Paydesk'),
  version: z.string(),
  runtime: z.enum(['electron', 'web', 'test']),
  dataDir: z.string(),
})

export const SyncStatus = z.object({
  state: z.enum(['idle', 'running', 'done', 'failed', 'cancelled']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: SyncProgress.nullable(),
  summary: SyncSummary.nullable(),
  error: z.string().nullable(),
})
export type SyncStatus = z.infer<typeof SyncStatus>

const PaymentId = z.string().regex(/^(pay|sid)_\w{26}$/, 'A payment id is pay_ followed by 26 letters or digits.')

export const PaymentsOverview = z.object({
  count: z.number().int(),
  newest: z.string().nullable(),
  grossByCurrency: z.array(z.object({ currency: z.string(), count: z.number().int(), amount: z.number().int() })),
})

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'settings.get': { input: Empty, output: SettingsView },
  'settings.save': { input: SettingsInput, output: SettingsView },
  'sync.start': { input: z.object({ days: z.number().int().min(1).max(730).optional() }).strict(), output: SyncStatus },
  'sync.status': { input: Empty, output: SyncStatus },
  'sync.cancel': { input: Empty, output: SyncStatus },
  'payments.overview': { input: Empty, output: PaymentsOverview },
  'payments.refresh': {
    input: z.object({ id: PaymentId }).strict(),
    output: z.object({ id: z.string(), status: z.string(), amount: z.number().int(), currency: z.string(), capturedAmount: z.number().int(), refundedAmount: z.number().int(), actions: z.number().int() }),
  },
} as const

export type Contract = typeof contract
export type CallName = keyof Contract
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>
export type CallOutput<K extends CallName> = z.output<Contract[K]['output']>

export const CallError = z.object({ code: z.string(), message: z.string() })
export type CallError = z.infer<typeof CallError>
export type CallResult<K extends CallName> = { ok: true; value: CallOutput<K> } | { ok: false; error: CallError }

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}
