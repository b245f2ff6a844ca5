import type { Generated, Insertable, Selectable } from 'kysely'
import type { z } from 'zod'
import type { ActionLogRecord, CustomerCardRecord, CustomerProfileRecord, PaymentActionRecord, PaymentRecord, PaymentRequestRecord } from './payment-records'
import type { FeeLineRecord, PayoutRecord, ReportFileRecord } from './settlement-records'
import type { CellDimension, CellMeasure, CutName, Grain } from './payment-cells'
import type { RiskReviewRecord } from '../risk/contract'
import type { OrderImportError, OrderImportRecord, OrderRecord, ReconDayEventRecord, ReconDayRecord, ReconExplanationRecord, ReconLinkRecord } from '../reconciliation/records'

// A connection's payments database (payments/<connection>.sqlite): its tables as kysely sees
// them. Row shapes come from the zod records; only what the database fills itself is added.

export type PaymentsTable = Omit<PaymentRecord, 'captured_amount' | 'refunded_amount'> & {
  captured_amount: Generated<number>
  refunded_amount: Generated<number>
  /** Fees as a positive cost, millionths of a minor unit, from the payment's fee lines; null while it has none (migration 012). */
  fee_micro: Generated<number | null>
}
export type PaymentActionsTable = PaymentActionRecord

/** Counts and sums of payments by cut, grain and bucket, kept by triggers (migration 019: store/payment-cells.ts). */
export type PaymentCellsTable = { cut: CutName; grain: Grain; bucket: number } & Record<CellDimension, string> & Record<CellMeasure, number>

export type PaymentActionLogTable = Omit<z.infer<typeof ActionLogRecord>, 'id'> & { id: Generated<number> }

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

export interface PaymentsDatabase {
  payments: PaymentsTable
  payment_actions: PaymentActionsTable
  payment_cells: PaymentCellsTable
  payment_action_log: PaymentActionLogTable
  customers: CustomersTable
  instruments: InstrumentsTable
  sync_cursors: SyncCursorsTable
  fee_lines: FeeLineRecord
  payouts: PayoutRecord
  report_files: ReportFileRecord
  orders: Omit<OrderRecord, 'id'> & { id: Generated<number> }
  order_imports: Omit<OrderImportRecord, 'id'> & { id: Generated<number> }
  order_import_errors: OrderImportError
  order_column_maps: { header_key: string; mapping_json: string; updated_at: string }
  recon_links: ReconLinkRecord
  recon_explanations: ReconExplanationRecord
  recon_days: ReconDayRecord
  recon_day_events: Omit<ReconDayEventRecord, 'id'> & { id: Generated<number> }
  risk_reviews: RiskReviewRecord
  payment_requests: PaymentRequestRecord
  customer_profiles: CustomerProfileRecord
  customer_cards: CustomerCardRecord
  /** Checkout.com's response codes with their category (migration 018), for SQL to group declines by. */
  response_codes: { code: string; summary: string; category: string }
}

export type PaymentRow = Selectable<PaymentsTable>
export type NewPaymentRow = Insertable<PaymentsTable>
export type PaymentActionRow = Selectable<PaymentActionsTable>
export type NewPaymentActionRow = Insertable<PaymentActionsTable>
