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
  '003_payment_actions_and_balances': {
    // Actions (authorisation, captures, refunds, voids) with their money and fees, and the
    // payment's running totals, so the list and reconciliation never parse JSON.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('captured_amount', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await db.schema.alterTable('payments').addColumn('refunded_amount', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await db.schema
        .createTable('payment_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull().check(sql`typeof(amount) = 'integer' and amount >= 0`))
        .addColumn('approved', 'integer')
        .addColumn('response_code', 'text')
        .addColumn('response_summary', 'text')
        .addColumn('processed_at', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        // From the reconciliation report, in the payment's currency's minor units; null until reported.
        .addColumn('gross_amount', 'integer')
        .addColumn('fee_amount', 'integer')
        .addColumn('breakdown_json', 'text')
        .addColumn('raw_json', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('payment_actions_payment').on('payment_actions').columns(['payment_id', 'processed_at']).execute()
      await db.schema.createIndex('payment_actions_processed').on('payment_actions').column('processed_at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('payment_actions').execute()
      await db.schema.alterTable('payments').dropColumn('refunded_amount').execute()
      await db.schema.alterTable('payments').dropColumn('captured_amount').execute()
    },
  },
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}

export const latestMigration = Object.keys(migrations).sort().at(-1)!
