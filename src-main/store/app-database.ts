import { sql, type Kysely, type Migration } from 'kysely'

// The app's own database (paydesk.sqlite): settings only. Payments live in one database per
// connection (payments-database.ts); neither file receives the other's tables.

export interface SettingsTable {
  key: string
  value: string // JSON
  updated_at: string
}

export interface AppDatabase {
  settings: SettingsTable
}

/** Its own migration table, so an older paydesk.sqlite (which ran the payments list) is told apart. */
export const APP_MIGRATION_TABLE = 'app_migration'

// Append-only, like the payments list.
export const appMigrations: Record<string, Migration> = {
  '001_settings': {
    async up(db: Kysely<unknown>) {
      // An older paydesk.sqlite already has this table, from the shared list it used to run.
      await db.schema
        .createTable('settings')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table settings`.execute(db)
    },
  },
}
