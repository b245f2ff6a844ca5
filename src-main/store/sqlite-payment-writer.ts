import type SQLite from 'better-sqlite3'
import { PAYMENT_ACTION_COLUMNS, PAYMENT_COLUMNS } from './payment-records'
import type { NewPaymentActionRow, NewPaymentRow } from './payments-database'

// Writes of payments and their actions: an upsert keyed by the Checkout.com id, so a payment
// fetched twice is stored once with its latest state. Prepared once and run per row inside
// the caller's transaction: ingest is the hot path of a sync.

/** An upsert of every column on its key; `keep` columns keep the stored value when the new one is null. */
export function upsertSql(table: string, columns: readonly string[], key: readonly string[] = ['id'], keep: ReadonlySet<string> = new Set()): string {
  const updates = columns.filter((c) => !key.includes(c)).map((c) => (keep.has(c) ? `${c} = coalesce(excluded.${c}, ${table}.${c})` : `${c} = excluded.${c}`))
  return `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')}) on conflict (${key.join(', ')}) do update set ${updates.join(', ')}`
}

/** Every column bound by name, missing ones as null. */
export const bindable = (row: object, columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c] ?? null]))

export type UpsertOutcome = 'new' | 'updated' | 'unchanged'

export interface PaymentWriter {
  /** Must run inside a transaction (see `transaction`). */
  upsertPayment(row: NewPaymentRow): UpsertOutcome
  upsertAction(row: NewPaymentActionRow): void
  transaction<T>(work: () => T): T
}

export function createSqlitePaymentWriter(sqlite: SQLite.Database): PaymentWriter {
  // Prepared on first use: a store opened at an older migration (upgrade tests) has no columns for them yet.
  let statements: ReturnType<typeof prepare> | null = null
  const prepare = () => ({
    current: sqlite.prepare<[string], { raw_json: string }>('select raw_json from payments where id = ?'),
    upsertPayment: sqlite.prepare(upsertSql('payments', PAYMENT_COLUMNS)),
    upsertAction: sqlite.prepare(upsertSql('payment_actions', PAYMENT_ACTION_COLUMNS)),
  })
  const prepared = () => (statements ??= prepare())
  return {
    upsertPayment(row) {
      const { current, upsertPayment } = prepared()
      const existing = current.get(row.id)
      if (existing && existing.raw_json === row.raw_json) return 'unchanged'
      upsertPayment.run(bindable(row, PAYMENT_COLUMNS))
      return existing ? 'updated' : 'new'
    },
    upsertAction(row) {
      prepared().upsertAction.run(bindable(row, PAYMENT_ACTION_COLUMNS))
    },
    transaction: (work) => sqlite.transaction(work)(),
  }
}
