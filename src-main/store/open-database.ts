import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { makePrivate, PRIVATE_DIR } from './private-files'
import { cachingStatements } from './statement-cache'
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely'

export interface OpenDatabaseOptions {
  /** Path to the compiled better-sqlite3 addon; Electron passes one built for its own ABI. */
  nativeBinding?: string | undefined
  /** Stop at this migration instead of the latest (tests of upgrades from older files). */
  migrateTo?: string | undefined
}

export interface MigrationList {
  migrations: Record<string, Migration>
  /** kysely's bookkeeping table for this list. */
  table: string
}

export interface SqliteDatabase<DB> {
  db: Kysely<DB>
  sqlite: SQLite.Database
  close(): Promise<void>
}

/** Opens a SQLite file (WAL, foreign keys) and brings it to its list's latest migration. */
export async function openSqlite<DB>(file: string, list: MigrationList, options: OpenDatabaseOptions = {}): Promise<SqliteDatabase<DB>> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR })
  const sqlite = new SQLite(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  sqlite.pragma('journal_mode = WAL')
  // SQLite makes its files with the process's umask (often 0644): the database, its WAL and shared memory are private.
  if (file !== ':memory:') for (const path of [file, `${file}-wal`, `${file}-shm`]) makePrivate(path)
  sqlite.pragma('foreign_keys = ON')
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) })
  try {
    await migrate(db as Kysely<unknown>, list, options.migrateTo)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return { db, sqlite, close: () => db.destroy() }
}

async function migrate(db: Kysely<unknown>, list: MigrationList, target?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => list.migrations }, migrationTableName: list.table, migrationLockTableName: `${list.table}_lock` })
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
