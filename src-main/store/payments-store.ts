import type { Kysely } from 'kysely'
import { openSqlite, type OpenDatabaseOptions } from './open-database'
import type { PaymentsDatabase } from './payments-database'
import { paymentsMigrations } from './payments-migrations'
import { createSqlitePaymentWriter, type PaymentWriter } from './sqlite-payment-writer'
import { createSqliteBulkLoad, type BulkLoad } from './bulk-load'
import { createSqliteSettlementWriter, type SettlementWriter } from './sqlite-settlement-writer'
import { createSqliteCursorStore, type CursorStore } from './sqlite-sync-cursors'

// A connection's payments store. Queries go through kysely (`db`), which another dialect can
// serve; the two hot paths a sync runs per row (the upsert writer and the resumable cursor)
// are prepared better-sqlite3 statements behind small interfaces, so a PostgreSQL store can
// sit beside this one with its own implementation of them.

export interface PaymentsStore {
  db: Kysely<PaymentsDatabase>
  writer: PaymentWriter
  settlement: SettlementWriter
  /** A first sync's fast path: indexes and triggers set aside while it writes (bulk-load.ts). */
  bulkLoad: BulkLoad
  cursors(name: string): CursorStore
  close(): Promise<void>
}

/** kysely's default table: payments databases have always used it, so older files are recognised. */
export const PAYMENTS_MIGRATION_TABLE = 'kysely_migration'

export async function openPaymentsStore(file: string, options: OpenDatabaseOptions = {}): Promise<PaymentsStore & { sqlite: import('better-sqlite3').Database }> {
  const opened = await openSqlite<PaymentsDatabase>(file, { migrations: paymentsMigrations, table: PAYMENTS_MIGRATION_TABLE }, options)
  // A sync writes a thousand payments a transaction into a table with a dozen indexes: a 64 MB
  // page cache and a checkpoint every ~40 MB of WAL (not 4 MB) keep that from re-reading and
  // re-writing the same index pages (measured: about 20% more payments a second at 180,000).
  opened.sqlite.pragma('cache_size = -65536')
  opened.sqlite.pragma('wal_autocheckpoint = 10000')
  // A first sync that stopped without putting its indexes back (a crash): put them back now.
  const bulkLoad = createSqliteBulkLoad(opened.sqlite)
  if (!options.migrateTo) bulkLoad.end()
  return {
    db: opened.db,
    sqlite: opened.sqlite,
    writer: createSqlitePaymentWriter(opened.sqlite),
    settlement: createSqliteSettlementWriter(opened.sqlite),
    bulkLoad,
    cursors: (name) => createSqliteCursorStore(opened.sqlite, name),
    close: opened.close,
  }
}
