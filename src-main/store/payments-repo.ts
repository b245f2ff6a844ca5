import type SQLite from 'better-sqlite3'
import type { NewPaymentActionRow, NewPaymentRow, PaymentActionsTable, PaymentsTable } from './schema'

// Writes of payments and their actions: an upsert keyed by the Checkout.com id, so a payment
// fetched twice is stored once with its latest state. Prepared once and run per row inside
// the caller's transaction: ingest is the hot path of a sync.

const PAYMENT_COLUMNS = [
  'id', 'created_at', 'processed_at', 'amount', 'currency', 'status', 'approved', 'response_code', 'response_summary', 'scheme', 'card_type', 'bin', 'last4',
  'issuer_country', 'avs_check', 'cvv_check', 'risk_flagged', 'reference', 'customer_id', 'customer_email', 'source_id', 'payment_type', 'auth_code',
  'customer_name', 'card_expiry_month', 'card_expiry_year', 'card_fingerprint', 'captured_amount', 'refunded_amount', 'raw_json', 'fetched_at',
] as const satisfies readonly (keyof PaymentsTable)[]

const ACTION_COLUMNS = [
  'id', 'payment_id', 'type', 'amount', 'approved', 'response_code', 'response_summary', 'processed_at', 'reference', 'gross_amount', 'fee_amount', 'breakdown_json', 'raw_json', 'fetched_at',
] as const satisfies readonly (keyof PaymentActionsTable)[]

/** Columns an answer may lack (a refresh has no report): a null there keeps what is stored. */
const KEEP_WHEN_NULL = new Set(['gross_amount', 'fee_amount', 'breakdown_json'])

function upsertSql(table: string, columns: readonly string[]): string {
  const updates = columns.filter((c) => c !== 'id').map((c) => (KEEP_WHEN_NULL.has(c) ? `${c} = coalesce(excluded.${c}, ${table}.${c})` : `${c} = excluded.${c}`))
  return `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')}) on conflict (id) do update set ${updates.join(', ')}`
}

export type UpsertOutcome = 'new' | 'updated' | 'unchanged'

export interface PaymentWriter {
  /** Must run inside a transaction (see `transaction`). */
  upsertPayment(row: NewPaymentRow): UpsertOutcome
  upsertAction(row: NewPaymentActionRow): void
  transaction<T>(work: () => T): T
}

export function createPaymentWriter(sqlite: SQLite.Database): PaymentWriter {
  const current = sqlite.prepare<[string], { raw_json: string }>('select raw_json from payments where id = ?')
  const upsertPayment = sqlite.prepare(upsertSql('payments', PAYMENT_COLUMNS))
  const upsertAction = sqlite.prepare(upsertSql('payment_actions', ACTION_COLUMNS))
  const bindable = (row: Record<string, unknown>, columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))
  return {
    upsertPayment(row) {
      const existing = current.get(row.id)
      if (existing && existing.raw_json === row.raw_json) return 'unchanged'
      upsertPayment.run(bindable(row, PAYMENT_COLUMNS))
      return existing ? 'updated' : 'new'
    },
    upsertAction(row) {
      upsertAction.run(bindable(row, ACTION_COLUMNS))
    },
    transaction: (work) => sqlite.transaction(work)(),
  }
}
