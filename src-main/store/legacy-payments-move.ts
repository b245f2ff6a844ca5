import type SQLite from 'better-sqlite3'

// Before payments were kept per connection, paydesk.sqlite held the payments, their actions
// and the local action log (who asked for which capture, refund or void), and ran the payments
// migration list. This moves them, once, into the current connection's payments database and
// leaves paydesk.sqlite with settings only. The log matters most: it cannot be re-synced from
// Checkout.com. Safe to repeat: the copy skips what the target has, and the source tables are
// dropped only after the copy has committed, so a crash between the two steps copies nothing twice.

const LEGACY_TABLES = ['payment_actions', 'payment_action_log', 'payment_totals', 'customers', 'instruments', 'sync_cursors', 'payments', 'kysely_migration', 'kysely_migration_lock'] as const

export interface LegacyMoveResult {
  payments: number
  actions: number
  log: number
}

function columnsOf(sqlite: SQLite.Database, schema: 'main' | 'target', table: string): string[] {
  return (sqlite.prepare(`pragma ${schema}.table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
}

function hasTable(sqlite: SQLite.Database, schema: 'main' | 'target', table: string): boolean {
  return sqlite.prepare(`select 1 from ${schema}.sqlite_master where type = 'table' and name = ?`).get(table) !== undefined
}

/** Moves legacy payment tables from the app database (`app`) into `targetFile`; null when there was nothing to move. */
export function moveLegacyPayments(app: SQLite.Database, targetFile: string): LegacyMoveResult | null {
  if (!hasTable(app, 'main', 'payments')) return null
  app.prepare('attach database ? as target').run(targetFile)
  try {
    const shared = (table: string, skip: string[] = []) => {
      const theirs = new Set(columnsOf(app, 'target', table))
      return columnsOf(app, 'main', table).filter((c) => theirs.has(c) && !skip.includes(c))
    }
    const copy = (table: string, extraWhere = '', skip: string[] = []) => {
      if (!hasTable(app, 'main', table)) return 0
      const columns = shared(table, skip).join(', ')
      // "or ignore": a payment the connection's store already has is newer there.
      return app.prepare(`insert or ignore into target.${table} (${columns}) select ${columns} from main.${table} as l ${extraWhere}`).run().changes
    }
    const result = app.transaction((): LegacyMoveResult => ({
      payments: copy('payments'),
      actions: copy('payment_actions'),
      // The log's ids are local counters: new ones are given; a row already moved is known by its key and time.
      log: copy('payment_action_log', 'where not exists (select 1 from target.payment_action_log t where t.idempotency_key = l.idempotency_key and t.requested_at = l.requested_at)', ['id']),
    }))()
    app.transaction(() => {
      for (const table of LEGACY_TABLES) app.exec(`drop table if exists main.${table}`)
    })()
    return result
  } finally {
    app.exec('detach database target')
  }
}
