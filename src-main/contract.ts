import { z } from 'zod'
import { PaymentFilter, PaymentSort } from './store/payment-filter'
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

export const PaymentListRow = z.object({
  id: z.string(),
  created_at: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  approved: z.number().int().nullable(),
  response_code: z.string().nullable(),
  response_summary: z.string().nullable(),
  scheme: z.string().nullable(),
  last4: z.string().nullable(),
  customer_id: z.string().nullable(),
  customer_email: z.string().nullable(),
  avs_check: z.string().nullable(),
  cvv_check: z.string().nullable(),
  risk_flagged: z.number().int(),
  reference: z.string().nullable(),
  payment_type: z.string().nullable(),
  auth_code: z.string().nullable(),
})
export type PaymentListRow = z.infer<typeof PaymentListRow>

export const PaymentTotals = z.object({
  count: z.number().int(),
  byCurrency: z.array(z.object({ currency: z.string(), count: z.number().int(), gross: z.number().int(), approvedGross: z.number().int() })),
})

export const PaymentDetail = z.object({
  payment: PaymentListRow.extend({
    processed_at: z.string().nullable(),
    card_type: z.string().nullable(),
    bin: z.string().nullable(),
    issuer_country: z.string().nullable(),
    source_id: z.string().nullable(),
    captured_amount: z.number().int(),
    refunded_amount: z.number().int(),
    fetched_at: z.string(),
  }),
  /** The latest answer from Checkout.com, as it came. */
  raw: z.record(z.string(), z.unknown()),
  actions: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      amount: z.number().int(),
      approved: z.number().int().nullable(),
      response_code: z.string().nullable(),
      response_summary: z.string().nullable(),
      processed_at: z.string(),
      reference: z.string().nullable(),
      gross_amount: z.number().int().nullable(),
      fee_amount: z.number().int().nullable(),
    }),
  ),
  log: z.array(
    z.object({
      kind: z.string(),
      amount: z.number().int().nullable(),
      reference: z.string().nullable(),
      requested_at: z.string(),
      requested_by: z.string(),
      outcome: z.string(),
      error: z.string().nullable(),
    }),
  ),
  /** What may be done now, from the payment's balances. */
  allowed: z.object({ capture: z.number().int(), refund: z.number().int(), void: z.boolean() }),
})
export type PaymentDetail = z.infer<typeof PaymentDetail>

/** The id of the user action (made when a dialog opens): a retry of the same action reuses it. */
const ActionId = z.string().uuid('actionId must be a UUID made when the user started the action')
const ActionReference = z.string().trim().max(50).optional()
const PaymentActionInput = z.object({ id: PaymentId, actionId: ActionId, amount: z.number().int().positive('the amount must be above zero').optional(), reference: ActionReference }).strict()

export const ExportStatus = z.object({
  state: z.enum(['idle', 'running', 'done', 'failed', 'cancelled']),
  file: z.string().nullable(),
  rows: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable(),
})
export type ExportStatus = z.infer<typeof ExportStatus>

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'settings.get': { input: Empty, output: SettingsView },
  'settings.save': { input: SettingsInput, output: SettingsView },
  'settings.test': { input: Empty, output: z.object({ ok: z.boolean(), message: z.string() }) },
  'sync.start': { input: z.object({ days: z.number().int().min(1).max(730).optional() }).strict(), output: SyncStatus },
  'sync.status': { input: Empty, output: SyncStatus },
  'sync.cancel': { input: Empty, output: SyncStatus },
  'payments.list': {
    input: z.object({ filter: PaymentFilter, sort: PaymentSort, cursor: z.string().max(400).nullable(), limit: z.number().int().min(1).max(1000) }).strict(),
    output: z.object({ rows: z.array(PaymentListRow), next: z.string().nullable() }),
  },
  'payments.totals': { input: z.object({ filter: PaymentFilter }).strict(), output: PaymentTotals },
  'payments.get': { input: z.object({ id: PaymentId }).strict(), output: PaymentDetail },
  'payments.capture': { input: PaymentActionInput, output: PaymentDetail },
  'payments.refund': { input: PaymentActionInput, output: PaymentDetail },
  'payments.void': { input: PaymentActionInput.omit({ amount: true }), output: PaymentDetail },
  'payments.export.start': { input: z.object({ filter: PaymentFilter, sort: PaymentSort }).strict(), output: ExportStatus },
  'payments.export.status': { input: Empty, output: ExportStatus },
  'payments.export.cancel': { input: Empty, output: ExportStatus },
  'payments.refresh': {
    input: z.object({ id: PaymentId }).strict(),
    output: z.object({ id: z.string(), status: z.string(), amount: z.number().int(), currency: z.string(), capturedAmount: z.number().int(), refundedAmount: z.number().int(), actions: z.number().int() }),
  },
} as const

export type Contract = typeof contract
export type CallName = keyof Contract
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>
/** The input as a handler receives it: validated, defaults applied. */
export type CallArgs<K extends CallName> = z.output<Contract[K]['input']>
export type CallOutput<K extends CallName> = z.output<Contract[K]['output']>

export const CallError = z.object({ code: z.string(), message: z.string() })
export type CallError = z.infer<typeof CallError>
export type CallResult<K extends CallName> = { ok: true; value: CallOutput<K> } | { ok: false; error: CallError }

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}
