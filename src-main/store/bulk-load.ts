import type SQLite from 'better-sqlite3'
import { cellBackfill, CELL_TRIGGER_PREFIX, learnStoredResponseCodes } from './payment-cells'
import { customerInstrumentUpserts } from './payments-migrations'

// A first sync writes a quarter of a million payments into an empty store. Keeping the list's
// dozen and a half indexes and the customers/instruments triggers up to date row by row makes
// that five times slower than the rows themselves; building them once at the end is a sort per
// index. So a first sync sets them aside (their SQL saved in bulk_load, in the same transaction
// as the drop), writes, and puts them back; the customers and instruments are then rebuilt by
// replaying the triggers' own upserts over the stored payments, oldest first, the search
// index is rebuilt from the payments, and payment_cells from the payments through the index of
// their columns (ten upserts a payment cost a row-by-row sync three times its other work).
// Meanwhile the cells are not read: totals and insights sum the payments themselves
// (cell-query.ts), slower and still right, and the list's pages are read without indexes. A crash
// mid-way leaves the saved SQL: the next open of the store puts everything back before anything
// reads it.

/** The objects set aside: secondary indexes of payments and their actions, and the triggers that keep customers and instruments. */
const SET_ASIDE = `select name, sql from sqlite_master where sql is not null and (
  (type = 'index' and tbl_name in ('payments', 'payment_actions'))
  or (type = 'trigger' and (name in ('customers_instruments_insert', 'customers_instruments_update', 'payments_search_insert', 'payments_search_update', 'payments_search_delete')
    or name like '${CELL_TRIGGER_PREFIX}%')))`

export interface BulkLoad {
  /** Sets the indexes and triggers aside; false when they already are (a load in progress). */
  begin(): boolean
  /** Puts them back and rebuilds what they keep; nothing to do when no load is in progress. */
  end(): void
  active(): boolean
}

export function createSqliteBulkLoad(sqlite: SQLite.Database): BulkLoad {
  const active = () => sqlite.prepare('select count(*) as n from bulk_load').get() as { n: number }
  return {
    active: () => active().n > 0,
    begin: () =>
      sqlite.transaction(() => {
        if (active().n > 0) return false
        const objects = sqlite.prepare(SET_ASIDE).all() as { name: string; sql: string }[]
        const save = sqlite.prepare('insert into bulk_load (name, sql) values (?, ?)')
        for (const object of objects) {
          save.run(object.name, object.sql)
          sqlite.exec(`drop ${object.sql.trimStart().toLowerCase().startsWith('create trigger') ? 'trigger' : 'index'} ${object.name}`)
        }
        return true
      })(),
    end: () =>
      sqlite.transaction(() => {
        const saved = sqlite.prepare('select name, sql from bulk_load').all() as { name: string; sql: string }[]
        if (saved.length === 0) return
        for (const object of saved) sqlite.exec(object.sql)
        sqlite.exec('delete from customers; delete from instruments;')
        sqlite.exec(customerInstrumentUpserts('p', 'from payments p', 'order by p.created_at, p.id'))
        sqlite.exec("insert into payments_search (payments_search) values ('rebuild')")
        if (saved.some((object) => object.name === 'payment_cells_insert')) {
          sqlite.exec(learnStoredResponseCodes())
          sqlite.exec('delete from payment_cells')
          for (const statement of cellBackfill()) sqlite.exec(statement)
        }
        sqlite.exec('delete from bulk_load')
      })(),
  }
}
