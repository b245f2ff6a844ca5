import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'

// Append-only. A migration, once released, is never edited: add the next number instead.
const migrations: Record<string, Migration> = {
  '001_settings_and_payments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'text')
        .addColumn('amount', 'integer', (c) => c.notNull().check(sql`typeof(amount) = 'integer' and amount >= 0`))
        .addColumn('currency', 'text', (c) => c.notNull().check(sql`length(currency) = 3`))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('approved', 'integer')
        .addColumn('response_code', 'text')
        .addColumn('response_summary', 'text')
        .addColumn('scheme', 'text')
        .addColumn('card_type', 'text')
        .addColumn('bin', 'text')
        .addColumn('last4', 'text')
        .addColumn('issuer_country', 'text')
        .addColumn('avs_check', 'text')
        .addColumn('cvv_check', 'text')
        .addColumn('risk_flagged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reference', 'text')
        .addColumn('customer_id', 'text')
        .addColumn('source_id', 'text')
        .addColumn('payment_type', 'text')
        .addColumn('raw_json', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .execute()
      // The list's default order is newest first; id breaks ties so keyset pages are stable.
      await db.schema.createIndex('payments_created_id').on('payments').columns(['created_at desc', 'id desc']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('payments').execute()
      await db.schema.dropTable('settings').execute()
    },
  },
  '002_search_columns_and_sync_cursors': {
    // Search covers the customer's email and the auth code, which 001 kept only in raw_json.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('customer_email', 'text').execute()
      await db.schema.alterTable('payments').addColumn('auth_code', 'text').execute()
      await db.schema.createIndex('payments_reference').on('payments').column('reference').execute()
      await db.schema.createIndex('payments_customer').on('payments').column('customer_id').execute()
      await db.schema
        .createTable('sync_cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('cursor', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sync_cursors').execute()
      await db.schema.dropIndex('payments_customer').execute()
      await db.schema.dropIndex('payments_reference').execute()
      await db.schema.alterTable('payments').dropColumn('auth_code').execute()
      await db.schema.alterTable('payments').dropColumn('customer_email').execute()
    },
  },
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}

export const latestMigration = Object.keys(migrations).sort().at(-1)!
