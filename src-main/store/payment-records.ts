import { z } from 'zod'
import { PAYMENT_STATUSES } from '../reference/payment-status'

// The stored payment, written once. The kysely table type (payments-database.ts), the sync's
// writer, the list query, the detail, the export and the list's columns are all derived from
// these schemas, so a new column is added here and in a migration, nowhere else.
// Pure zod: the contract reuses these schemas for the renderer.
//
// Money is integer minor units beside its ISO 4217 currency; times are ISO 8601 UTC strings
// (they sort as text); booleans are 0/1 integers, the same in SQLite and, later, PostgreSQL.

const Minor = z.number().int()

/** An instant as the store writes it: ISO 8601 UTC to the second ("2026-01-02T03:04:05Z"), so text order is time order. */
export function storedInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
const Flag = z.union([z.literal(0), z.literal(1)])
const Text = z.string().nullable()

export const PaymentRecord = z.object({
  id: z.string(), // pay_…
  created_at: z.string(), // requested_on
  reference: Text,
  currency: z.string(),
  amount: Minor,
  status: z.enum(PAYMENT_STATUSES),
  /** 1 approved, 0 declined, null while pending. */
  approved: Flag.nullable(),
  response_code: Text,
  response_summary: Text,
  scheme: Text,
  last4: Text,
  customer_id: Text,
  customer_email: Text,
  avs_check: Text,
  cvv_check: Text,
  risk_flagged: Flag,
  payment_type: Text,
  auth_code: Text,
  processed_at: Text,
  card_type: Text,
  bin: Text,
  issuer_country: Text,
  source_id: Text,
  customer_name: Text,
  card_expiry_month: z.number().int().nullable(),
  card_expiry_year: z.number().int().nullable(),
  card_fingerprint: Text,
  /** The card's billing address country (migration 018): against issuer_country, a risk sign. */
  billing_country: Text,
  /** 3-D Secure was asked for (migration 019): the answer has a 3ds object. */
  three_ds: Flag,
  captured_amount: Minor,
  refunded_amount: Minor,
  /** The latest answer from Checkout.com, as it came. */
  raw_json: z.string(),
  fetched_at: z.string(),
})
export type PaymentRecord = z.infer<typeof PaymentRecord>
export type PaymentColumn = keyof PaymentRecord
export const PAYMENT_COLUMNS = PaymentRecord.keyof().options

/** The 0/1 columns, shown and exported as yes/no. */
export const FLAG_COLUMNS = ['approved', 'risk_flagged'] as const satisfies readonly PaymentColumn[]

/** A row of the payments list: what the table shows and the CSV export writes, in that order. */
export const PaymentListRow = PaymentRecord.pick({
  id: true,
  created_at: true,
  reference: true,
  currency: true,
  amount: true,
  status: true,
  approved: true,
  response_code: true,
  response_summary: true,
  scheme: true,
  last4: true,
  customer_id: true,
  customer_email: true,
  avs_check: true,
  cvv_check: true,
  risk_flagged: true,
  payment_type: true,
  auth_code: true,
})
export type PaymentListRow = z.infer<typeof PaymentListRow>
export type PaymentListColumn = keyof PaymentListRow
export const PAYMENT_LIST_COLUMNS = PaymentListRow.keyof().options

/** The detail screen's copy of the row: everything but the raw JSON (sent parsed, apart). */
export const PaymentDetailRow = PaymentRecord.omit({ raw_json: true })
export type PaymentDetailRow = z.infer<typeof PaymentDetailRow>
export const PAYMENT_DETAIL_COLUMNS = PaymentDetailRow.keyof().options

export const PaymentActionRecord = z.object({
  id: z.string(), // act_…
  payment_id: z.string(),
  type: z.string(),
  amount: Minor,
  approved: Flag.nullable(),
  response_code: Text,
  response_summary: Text,
  processed_at: z.string(),
  reference: Text,
  /** The ARN of a capture or refund (processing.acquirer_reference_number): searchable. */
  acquirer_reference_number: Text,
  raw_json: z.string(),
  fetched_at: z.string(),
})
export type PaymentActionRecord = z.infer<typeof PaymentActionRecord>
export const PAYMENT_ACTION_COLUMNS = PaymentActionRecord.keyof().options

/** What the timeline shows of an action. */
export const PaymentActionView = PaymentActionRecord.omit({ payment_id: true, raw_json: true, fetched_at: true })
export const PAYMENT_ACTION_VIEW_COLUMNS = PaymentActionView.keyof().options

export const ACTION_KINDS = ['capture', 'refund', 'void'] as const
/** unknown: sent (or maybe sent) with no answer: re-sent with the same idempotency key to learn what happened. */
export const ACTION_OUTCOMES = ['accepted', 'refused', 'failed', 'unknown'] as const

/** Who asked for which capture, refund or void from this computer, and what came of it. */
export const ActionLogRecord = z.object({
  id: z.number().int(),
  payment_id: z.string(),
  kind: z.enum(ACTION_KINDS),
  /** null = the whole available amount. */
  amount: Minor.nullable(),
  currency: z.string(),
  reference: Text,
  requested_at: z.string(),
  requested_by: z.string(),
  idempotency_key: z.string(),
  /** The user action's id (the dialog's): the same id and body make the same idempotency key. Null on rows from before migration 011. */
  request_id: Text,
  outcome: z.enum(ACTION_OUTCOMES),
  action_id: Text,
  error: Text,
  /** 1: Checkout.com showed no such action and the key may have expired, so it is sent again only when a person confirms (migration 025). */
  confirm_resend: Flag,
  /** Checkout.com's clock when the request was made (its last answer's Date), or null when none had come yet (migration 025). */
  server_requested_at: Text,
})
export const ActionLogView = ActionLogRecord.pick({ kind: true, amount: true, reference: true, requested_at: true, requested_by: true, outcome: true, error: true, confirm_resend: true })
export const ACTION_LOG_VIEW_COLUMNS = ActionLogView.keyof().options

// Phone payments (moto/, migration 021).

export const REQUEST_STATES = ['sending', 'unknown', 'approved', 'declined', 'pending', 'refused', 'failed'] as const
export type RequestState = (typeof REQUEST_STATES)[number]

/** A phone payment as this computer asked for it: written before it is sent, settled by the answer . */
export const PaymentRequestRecord = z.object({
  id: z.string(),
  idempotency_key: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  requested_by: z.string(),
  customer_id: z.string(),
  /** 'saved' (a src_ id), 'default' (the customer's default card), 'new_card' (a token). */
  source_kind: z.enum(['saved', 'default', 'new_card']),
  source_id: z.string().nullable(),
  card_scheme: z.string().nullable(),
  card_last4: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  reference: z.string(),
  /** The exact body sent, so a retry (also after a restart) sends the same request with the same key. No card data: a new card is a token. */
  body_json: z.string(),
  state: z.enum(REQUEST_STATES),
  payment_id: z.string().nullable(),
  status: z.string().nullable(),
  response_code: z.string().nullable(),
  response_summary: z.string().nullable(),
  auth_code: z.string().nullable(),
  avs_check: z.string().nullable(),
  cvv_check: z.string().nullable(),
  redirect_url: z.string().nullable(),
  processed_at: z.string().nullable(),
  error: z.string().nullable(),
})
export type PaymentRequestRecord = z.infer<typeof PaymentRequestRecord>

/** What Checkout.com said about a customer when last asked (GET /customers/{id}). */
export const CustomerProfileRecord = z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), phone: z.string().nullable(), phone_digits: z.string().nullable(), default_source_id: z.string().nullable(), fetched_at: z.string() })
export type CustomerProfileRecord = z.infer<typeof CustomerProfileRecord>

/** A customer's saved card as Checkout.com lists it. */
export const CustomerCardRecord = z.object({
  id: z.string(),
  customer_id: z.string(),
  scheme: z.string().nullable(),
  card_type: z.string().nullable(),
  bin: z.string().nullable(),
  last4: z.string().nullable(),
  expiry_month: z.number().int().nullable(),
  expiry_year: z.number().int().nullable(),
  issuer_country: z.string().nullable(),
  fetched_at: z.string(),
})
export type CustomerCardRecord = z.infer<typeof CustomerCardRecord>

