import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { migrationProvider } from './migrations'
import type { Database } from './schema'

export interface OpenDatabaseOptions {
  /** Path to the compiled better-sqlite3 addon; Electron passes one built for its own ABI. */
  nativeBinding?: string
  /** Stop at this migration instead of the latest (tests of upgrades from older files). */
  migrateTo?: string
}

export interface Store {
  db: Kysely<Database>
  sqlite: SQLite.Database
  close(): Promise<void>
}

export async function openDatabase(file: string, options: OpenDatabaseOptions = {}): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    await migrate(db, options.migrateTo)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return { db, sqlite, close: () => db.destroy() }
}

async function migrate(db: Kysely<Database>, target?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
