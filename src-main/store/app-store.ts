import { APP_MIGRATION_TABLE, appMigrations, type AppDatabase } from './app-database'
import { openSqlite, type OpenDatabaseOptions, type SqliteDatabase } from './open-database'

export type AppStore = SqliteDatabase<AppDatabase>

/** The app's own database (settings). */
export function openAppStore(file: string, options: OpenDatabaseOptions = {}): Promise<AppStore> {
  return openSqlite<AppDatabase>(file, { migrations: appMigrations, table: APP_MIGRATION_TABLE }, options)
}
