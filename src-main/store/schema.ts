import type { Generated, Insertable, Selectable } from 'kysely'

// Row types for every table. Money is integer minor units beside its ISO 4217 currency;
// times are ISO 8601 UTC strings, which sort correctly as text.
export interface SettingsTable {
  key: string
  value: string // JSON
  updated_at: string
}

export interface PaymentsTable {
  id: string // pay_...
  created_at: string // requested_on
  processed_at: string | null
  amount: number
  currency: string
  status: string
  approved: number | null // 0/1; null while pending
  response_code: string | null
  response_summary: string | null
  scheme: string | null
  card_type: string | null
  bin: string | null
  last4: string | null
  issuer_country: string | null
  avs_check: string | null
  cvv_check: string | null
  risk_flagged: number // 0/1
  reference: string | null
  customer_id: string | null
  customer_email: string | null
  source_id: string | null
  payment_type: string | null
  auth_code: string | null
  customer_name: string | null
  card_expiry_month: number | null
  card_expiry_year: number | null
  card_fingerprint: string | null
  captured_amount: Generated<number>
  refunded_amount: Generated<number>
  raw_json: string
  fetched_at: string
}

export interface PaymentActionsTable {
  id: string // act_...
  payment_id: string
  type: string
  amount: number
  approved: number | null
  response_code: string | null
  response_summary: string | null
  processed_at: string
  reference: string | null
  gross_amount: number | null
  fee_amount: number | null
  breakdown_json: string | null
  raw_json: string
  fetched_at: string
}

/** The totals rollup kept by triggers (migration 005). */
export interface PaymentTotalsTable {
  day: string // YYYY-MM-DD (UTC)
  dim: string
  value: string
  currency: string
  count: number
  gross: number
  approved_gross: number
}

export interface PaymentActionLogTable {
  id: Generated<number>
  payment_id: string
  kind: 'capture' | 'refund' | 'void'
  amount: number | null // null = the whole available amount
  currency: string
  reference: string | null
  requested_at: string
  requested_by: string
  idempotency_key: string
  outcome: 'accepted' | 'refused' | 'failed'
  action_id: string | null
  error: string | null
}

/** Customers seen in payments (migration 007, kept by triggers). */
export interface CustomersTable {
  id: string // cus_...
  email: string | null
  name: string | null
  first_payment_at: string
  last_payment_at: string
}

/** Saved cards (src_) seen in payments: what a phone order can charge again. */
export interface InstrumentsTable {
  id: string // src_...
  customer_id: string | null
  scheme: string | null
  card_type: string | null
  bin: string | null
  last4: string | null
  expiry_month: number | null
  expiry_year: number | null
  fingerprint: string | null
  issuer_country: string | null
  first_used_at: string
  last_used_at: string
}

export interface SyncCursorsTable {
  name: string
  cursor: string | null
  updated_at: string
}

export interface Database {
  settings: SettingsTable
  payments: PaymentsTable
  payment_actions: PaymentActionsTable
  payment_totals: PaymentTotalsTable
  payment_action_log: PaymentActionLogTable
  customers: CustomersTable
  instruments: InstrumentsTable
  sync_cursors: SyncCursorsTable
}

export type PaymentRow = Selectable<PaymentsTable>
export type NewPaymentRow = Insertable<PaymentsTable>
export type PaymentActionRow = Selectable<PaymentActionsTable>
export type NewPaymentActionRow = Insertable<PaymentActionsTable>
export type SettingRow = Selectable<SettingsTable>
