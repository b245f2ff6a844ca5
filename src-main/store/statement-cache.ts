import type SQLite from 'better-sqlite3'
import type { SqliteDatabase } from 'kysely'

/**
 * The database as kysely's SQLite dialect sees it, its statements kept by SQL text (the least
 * recently used dropped past `size`). kysely prepares every query afresh, and the insights' and
 * charts' statements, unions of a dozen selects, took 1.5 ms a call to prepare. A statement still
 * running (an open iterator) is not handed out twice.
 */
export function cachingStatements(sqlite: SQLite.Database, size = 256): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(source: string) {
      const known = kept.get(source)
      kept.delete(source)
      const statement = known && !known.busy ? known : sqlite.prepare(source)
      kept.set(source, statement)
      if (kept.size > size) kept.delete(kept.keys().next().value!)
      return statement
    },
  }
}
