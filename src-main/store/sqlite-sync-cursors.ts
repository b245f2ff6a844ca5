import type SQLite from 'better-sqlite3'

// A named, JSON-valued resume point, written with prepared statements inside the caller's
// transaction (a sync saves it in the same transaction as the page it commits).
export interface CursorStore {
  load(): unknown
  save(value: unknown, now: Date): void
}

export function createSqliteCursorStore(sqlite: SQLite.Database, name: string): CursorStore {
  const read = sqlite.prepare<[string], { cursor: string | null }>('select cursor from sync_cursors where name = ?')
  const write = sqlite.prepare('insert into sync_cursors (name, cursor, updated_at) values (?, ?, ?) on conflict (name) do update set cursor = excluded.cursor, updated_at = excluded.updated_at')
  return {
    load() {
      const row = read.get(name)
      return row?.cursor ? (JSON.parse(row.cursor) as unknown) : null
    },
    save(value, now) {
      write.run(name, JSON.stringify(value), now.toISOString())
    },
  }
}
