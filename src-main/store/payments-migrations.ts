import { sql, type Kysely, type Migration } from 'kysely'
import { RESPONSE_CODES } from '../reference/codes'
import { BIN_CELLS_INDEX, CELL_DIMENSION_NAMES, CELL_MEASURE_NAMES, CELL_TRIGGER_PREFIX, CELL_WATCHED_COLUMNS, cellBackfill, cellsFromPayments, cellTriggers, coarserCells, finerSource, learnStoredResponseCodes } from './payment-cells'

/** The rollup's dimensions: a name and the SQL of its value for a payments row `$`. Part of
 * migration 005: a change here needs a new migration that rebuilds payment_totals. */
export const ROLLUP_DIMENSIONS = [
  ['all', "''"],
  ['status', "coalesce($.status, '')"],
  ['outcome', "case $.approved when 1 then 'approved' when 0 then 'declined' else 'pending' end"],
  ['scheme', "coalesce($.scheme, '')"],
  ['response_code', "coalesce($.response_code, '')"],
  ['avs_check', "coalesce($.avs_check, '')"],
  ['cvv_check', "coalesce($.cvv_check, '')"],
  ['risk_flagged', "cast($.risk_flagged as text)"],
  ['payment_type', "coalesce($.payment_type, '')"],
] as const

/**
 * Migration 007's upserts of a payment row into customers and instruments, as its triggers run
 * them for `new`; with `from` and `order`, the same statements replay every stored payment
 * (store/bulk-load.ts rebuilds the tables that way after a first sync). Part of 007: a change
 * here needs a new migration that recreates the triggers.
 */
export function customerInstrumentUpserts(row: string, from = '', order = ''): string {
  return `
        insert into customers (id, email, name, first_payment_at, last_payment_at)
        select ${row}.customer_id, ${row}.customer_email, ${row}.customer_name, ${row}.created_at, ${row}.created_at
        ${from} where ${row}.customer_id is not null ${order}
        on conflict (id) do update set
          email = coalesce(excluded.email, customers.email),
          name = coalesce(excluded.name, customers.name),
          first_payment_at = min(customers.first_payment_at, excluded.first_payment_at),
          last_payment_at = max(customers.last_payment_at, excluded.last_payment_at);
        insert into instruments (id, customer_id, scheme, card_type, bin, last4, expiry_month, expiry_year, fingerprint, issuer_country, first_used_at, last_used_at)
        select ${row}.source_id, ${row}.customer_id, ${row}.scheme, ${row}.card_type, ${row}.bin, ${row}.last4,
          ${row}.card_expiry_month, ${row}.card_expiry_year, ${row}.card_fingerprint, ${row}.issuer_country, ${row}.created_at, ${row}.created_at
        ${from} where ${row}.source_id is not null ${order}
        on conflict (id) do update set
          customer_id = coalesce(excluded.customer_id, instruments.customer_id),
          expiry_month = coalesce(excluded.expiry_month, instruments.expiry_month),
          expiry_year = coalesce(excluded.expiry_year, instruments.expiry_year),
          fingerprint = coalesce(excluded.fingerprint, instruments.fingerprint),
          first_used_at = min(instruments.first_used_at, excluded.first_used_at),
          last_used_at = max(instruments.last_used_at, excluded.last_used_at);`
}

/**
 * Migration 012's totals rollup: per UTC day, currency and dimension value, the count and sums a
 * finance person reads (authorised, captured, refunded, fees, and how many payments have fee
 * lines yet). `$` is the payments row. Part of 012: a change here needs a new migration that
 * rebuilds payment_totals.
 */
export const ROLLUP_MEASURES = [
  ['count', '1'],
  ['gross', '$.amount'],
  ['approved_count', 'case when $.approved = 1 then 1 else 0 end'],
  ['approved_gross', 'case when $.approved = 1 then $.amount else 0 end'],
  ['captured', '$.captured_amount'],
  ['refunded', '$.refunded_amount'],
  ['fee_micro', 'coalesce($.fee_micro, 0)'],
  ['fee_count', 'case when $.fee_micro is null then 0 else 1 end'],
] as const

/** A payment's fees as a positive cost in micro units, from its fee lines; null while it has none. */
export const paymentFeeMicro = (paymentId: string) =>
  `(select case when count(*) = 0 then null else coalesce(-sum(case when f.breakdown_type <> 'Gross' then f.processing_micro end), 0) end from fee_lines f where f.payment_id = ${paymentId})`

/** The payments columns searched inside (migration 013's trigram index). Part of 013. */
export const SEARCH_COLUMNS = ['reference', 'customer_email', 'customer_name'] as const

/** The three triggers that keep payment_totals in step with payments (migrations 005 and 012). */
async function createRollupTriggers(db: Kysely<unknown>, contributions: (row: 'new' | 'old', sign: 1 | -1) => string, watched: string[]) {
  const changed = [...new Set(watched)].map((c) => `old.${c} is not new.${c}`).join(' or ')
  await sql.raw(`create trigger payment_totals_insert after insert on payments begin ${contributions('new', 1)} end`).execute(db)
  await sql.raw(`create trigger payment_totals_delete after delete on payments begin ${contributions('old', -1)} end`).execute(db)
  await sql.raw(`create trigger payment_totals_update after update on payments when ${changed} begin ${contributions('old', -1)} ${contributions('new', 1)} end`).execute(db)
}

/** Migration 012's payment_totals with its triggers and backfill (019 goes back to it on the way down). */
async function createMoneyRollup(db: Kysely<unknown>) {
  let table = db.schema.createTable('payment_totals').addColumn('day', 'text', (c) => c.notNull()).addColumn('dim', 'text', (c) => c.notNull()).addColumn('value', 'text', (c) => c.notNull()).addColumn('currency', 'text', (c) => c.notNull())
  for (const [measure] of ROLLUP_MEASURES) table = table.addColumn(measure, 'integer', (c) => c.notNull())
  await table.addPrimaryKeyConstraint('payment_totals_pk', ['dim', 'value', 'day', 'currency']).execute()
  const names = ROLLUP_MEASURES.map(([m]) => m).join(', ')
  const contributions = (row: 'new' | 'old', sign: 1 | -1) =>
    ROLLUP_DIMENSIONS.map(
      ([dim, expression]) =>
        `insert into payment_totals (day, dim, value, currency, ${names})
         values (substr(${row}.created_at, 1, 10), '${dim}', ${expression.replaceAll('$', row)}, ${row}.currency, ${ROLLUP_MEASURES.map(([, e]) => `${sign} * (${e.replaceAll('$', row)})`).join(', ')})
         on conflict (dim, value, day, currency) do update set ${ROLLUP_MEASURES.map(([m]) => `${m} = ${m} + excluded.${m}`).join(', ')};`,
    ).join('\n')
  const watched = ['created_at', 'currency', ...[...ROLLUP_DIMENSIONS.map(([, e]) => e), ...ROLLUP_MEASURES.map(([, e]) => e)].flatMap((e) => [...e.matchAll(/\$\.(\w+)/g)].map((m) => m[1]!))]
  await createRollupTriggers(db, contributions, watched)
  for (const [dim, expression] of ROLLUP_DIMENSIONS) {
    await sql
      .raw(
        `insert into payment_totals (day, dim, value, currency, ${names})
         select substr(created_at, 1, 10), '${dim}', ${expression.replaceAll('$.', '')}, currency, ${ROLLUP_MEASURES.map(([, e]) => `sum(${e.replaceAll('$.', '')})`).join(', ')}
         from payments group by 1, 3, 4`,
      )
      .execute(db)
  }
}

// A connection's payments database. Append-only: a migration, once released, is never edited;
// add the next number instead. (001 also made a settings table, from the days both databases
// ran one list; 008 drops it, as settings live in the app database.)
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
  '004_list_filter_indexes': {
    // One index per list filter, each ending in (created_at, id) so a filtered page in the
    // default order is read from the index in order; amount has its own for sorting.
    async up(db: Kysely<unknown>) {
      for (const column of ['status', 'currency', 'scheme', 'response_code', 'avs_check', 'cvv_check', 'payment_type', 'approved']) {
        await db.schema.createIndex(`payments_${column}_created`).on('payments').columns([column, 'created_at', 'id']).execute()
      }
      await db.schema.createIndex('payments_flagged_created').on('payments').columns(['created_at', 'id']).where(sql.ref('risk_flagged'), '=', 1).execute()
      await db.schema.createIndex('payments_amount_id').on('payments').columns(['amount', 'id']).execute()
      await db.schema.createIndex('payments_last4').on('payments').column('last4').execute()
      await db.schema.createIndex('payments_auth_code').on('payments').column('auth_code').execute()
      await db.schema.createIndex('payments_customer_email').on('payments').column('customer_email').execute()
    },
    async down(db: Kysely<unknown>) {
      for (const column of ['status', 'currency', 'scheme', 'response_code', 'avs_check', 'cvv_check', 'payment_type', 'approved']) await db.schema.dropIndex(`payments_${column}_created`).execute()
      for (const name of ['payments_flagged_created', 'payments_amount_id', 'payments_last4', 'payments_auth_code', 'payments_customer_email']) await db.schema.dropIndex(name).execute()
    },
  },
  '005_payment_totals_rollup': {
    // Totals of a million payments must not scan a million rows. payment_totals keeps, per UTC
    // day, currency and one filter dimension at a time (or 'all'), the count and the sums;
    // triggers keep it in step with every write to payments, whatever writes it.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_totals')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('dim', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('gross', 'integer', (c) => c.notNull())
        .addColumn('approved_gross', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('payment_totals_pk', ['dim', 'value', 'day', 'currency'])
        .execute()
      const contributions = (row: 'new' | 'old', sign: 1 | -1) =>
        ROLLUP_DIMENSIONS.map(
          ([dim, expression]) =>
            `insert into payment_totals (day, dim, value, currency, count, gross, approved_gross)
             values (substr(${row}.created_at, 1, 10), '${dim}', ${expression.replaceAll('$', row)}, ${row}.currency, ${sign}, ${sign} * ${row}.amount, ${sign} * (case when ${row}.approved = 1 then ${row}.amount else 0 end))
             on conflict (dim, value, day, currency) do update set count = count + excluded.count, gross = gross + excluded.gross, approved_gross = approved_gross + excluded.approved_gross;`,
        ).join('\n')
      const watched = ['created_at', 'amount', 'currency', 'approved', ...ROLLUP_DIMENSIONS.flatMap(([, e]) => [...e.matchAll(/\$\.(\w+)/g)].map((m) => m[1]!))]
      await createRollupTriggers(db, contributions, watched)
      // Rows already stored count too.
      for (const [dim, expression] of ROLLUP_DIMENSIONS) {
        await sql
          .raw(
            `insert into payment_totals (day, dim, value, currency, count, gross, approved_gross)
             select substr(created_at, 1, 10), '${dim}', ${expression.replaceAll('$.', '')}, currency, count(*), sum(amount), sum(case when approved = 1 then amount else 0 end)
             from payments group by 1, 3, 4`,
          )
          .execute(db)
      }
    },
    async down(db: Kysely<unknown>) {
      for (const name of ['payment_totals_insert', 'payment_totals_delete', 'payment_totals_update']) await sql.raw(`drop trigger ${name}`).execute(db)
      await db.schema.dropTable('payment_totals').execute()
    },
  },
  '006_payment_action_log': {
    // Who asked for which capture, refund or void from this computer, when, and what came of it.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_action_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('capture', 'refund', 'void')`))
        .addColumn('amount', 'integer')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('accepted', 'refused', 'failed')`))
        .addColumn('action_id', 'text')
        .addColumn('error', 'text')
        .execute()
      await db.schema.createIndex('payment_action_log_payment').on('payment_action_log').columns(['payment_id', 'requested_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('payment_action_log').execute()
    },
  },
  '007_customers_and_instruments': {
    // The customers and saved cards (src_) seen in payments, for phone orders with a card on
    // file. Kept by triggers from the payments rows, like the totals rollup; the few fields they
    // need beyond the list's are columns of payments too, so no trigger parses JSON.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('customer_name', 'text').execute()
      await db.schema.alterTable('payments').addColumn('card_expiry_month', 'integer').execute()
      await db.schema.alterTable('payments').addColumn('card_expiry_year', 'integer').execute()
      await db.schema.alterTable('payments').addColumn('card_fingerprint', 'text').execute()
      await sql`update payments set customer_name = json_extract(raw_json, '$.customer.name'), card_expiry_month = json_extract(raw_json, '$.source.expiry_month'),
        card_expiry_year = json_extract(raw_json, '$.source.expiry_year'), card_fingerprint = json_extract(raw_json, '$.source.fingerprint')`.execute(db)
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text')
        .addColumn('name', 'text')
        .addColumn('first_payment_at', 'text', (c) => c.notNull())
        .addColumn('last_payment_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('customers_email').on('customers').column('email').execute()
      await db.schema
        .createTable('instruments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text')
        .addColumn('scheme', 'text')
        .addColumn('card_type', 'text')
        .addColumn('bin', 'text')
        .addColumn('last4', 'text')
        .addColumn('expiry_month', 'integer')
        .addColumn('expiry_year', 'integer')
        .addColumn('fingerprint', 'text')
        .addColumn('issuer_country', 'text')
        .addColumn('first_used_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('instruments_customer').on('instruments').columns(['customer_id', 'last_used_at']).execute()
      const upserts = (row: string) => customerInstrumentUpserts(row)
      await sql.raw(`create trigger customers_instruments_insert after insert on payments begin ${upserts('new')} end`).execute(db)
      await sql.raw(`create trigger customers_instruments_update after update of customer_id, customer_email, customer_name, source_id, card_expiry_month, card_expiry_year, card_fingerprint on payments begin ${upserts('new')} end`).execute(db)
      // Payments already stored count too, oldest first.
      await sql.raw(`insert into customers (id, email, name, first_payment_at, last_payment_at)
        select customer_id, max(customer_email), max(customer_name), min(created_at), max(created_at) from payments where customer_id is not null group by customer_id`).execute(db)
      await sql.raw(`insert into instruments (id, customer_id, scheme, card_type, bin, last4, expiry_month, expiry_year, fingerprint, issuer_country, first_used_at, last_used_at)
        select source_id, max(customer_id), max(scheme), max(card_type), max(bin), max(last4), max(card_expiry_month), max(card_expiry_year),
          max(card_fingerprint), max(issuer_country), min(created_at), max(created_at) from payments where source_id is not null group by source_id`).execute(db)
    },
    async down(db: Kysely<unknown>) {
      await sql.raw('drop trigger customers_instruments_insert').execute(db)
      await sql.raw('drop trigger customers_instruments_update').execute(db)
      await db.schema.dropTable('instruments').execute()
      await db.schema.dropTable('customers').execute()
      for (const column of ['customer_name', 'card_expiry_month', 'card_expiry_year', 'card_fingerprint']) await db.schema.alterTable('payments').dropColumn(column).execute()
    },
  },
  '008_settings_live_in_the_app_database': {
    async up(db: Kysely<unknown>) {
      await sql`drop table if exists settings`.execute(db)
    },
    async down(db: Kysely<unknown>) {
      await sql`create table if not exists settings (key text primary key, value text not null, updated_at text not null)`.execute(db)
    },
  },
  '009_fee_lines_payouts_and_report_files': {
    // Fees and payouts as rows (settlement-records.ts) instead of a JSON blob per action:
    // the previous platform's breakdowns move into fee_lines, summed per type, exact.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('fee_lines')
        .addColumn('action_id', 'text', (c) => c.notNull())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('action_type', 'text', (c) => c.notNull())
        .addColumn('breakdown_type', 'text', (c) => c.notNull())
        .addColumn('fee_detail', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('processed_at', 'text', (c) => c.notNull())
        .addColumn('processing_currency', 'text', (c) => c.notNull().check(sql`length(processing_currency) = 3`))
        .addColumn('processing_micro', 'integer', (c) => c.notNull().check(sql`typeof(processing_micro) = 'integer'`))
        .addColumn('holding_currency', 'text', (c) => c.notNull().check(sql`length(holding_currency) = 3`))
        .addColumn('holding_micro', 'integer', (c) => c.notNull().check(sql`typeof(holding_micro) = 'integer'`))
        .addColumn('fx_rate', 'text')
        .addColumn('payout_id', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('fee_lines_key', ['action_id', 'breakdown_type', 'fee_detail'])
        .execute()
      await db.schema.createIndex('fee_lines_payment').on('fee_lines').column('payment_id').execute()
      await db.schema.createIndex('fee_lines_payout').on('fee_lines').column('payout_id').execute()
      await db.schema.createIndex('fee_lines_processed').on('fee_lines').column('processed_at').execute()
      await db.schema
        .createTable('payouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('currency_account_id', 'text')
        .addColumn('holding_currency', 'text', (c) => c.notNull().check(sql`length(holding_currency) = 3`))
        .addColumn('payout_date', 'text', (c) => c.notNull())
        .addColumn('period_start', 'text')
        .addColumn('period_end', 'text')
        .addColumn('amount', 'integer', (c) => c.notNull().check(sql`typeof(amount) = 'integer'`))
        .addColumn('merchant_payout_fees', 'integer', (c) => c.notNull())
        .addColumn('payments', 'integer', (c) => c.notNull())
        .addColumn('refunds', 'integer', (c) => c.notNull())
        .addColumn('chargebacks', 'integer', (c) => c.notNull())
        .addColumn('interchange_fees', 'integer', (c) => c.notNull())
        .addColumn('scheme_fees', 'integer', (c) => c.notNull())
        .addColumn('other_fees', 'integer', (c) => c.notNull())
        .addColumn('report_id', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('payouts_date').on('payouts').column('payout_date').execute()
      await db.schema
        .createTable('report_files')
        .addColumn('file_id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull())
        .addColumn('report_type', 'text', (c) => c.notNull())
        .addColumn('created_on', 'text', (c) => c.notNull())
        .addColumn('period_from', 'text')
        .addColumn('period_to', 'text')
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .execute()
      await sql`insert into fee_lines (action_id, payment_id, action_type, breakdown_type, fee_detail, processed_at, processing_currency, processing_micro, holding_currency, holding_micro, fx_rate, payout_id, source, fetched_at)
        select a.id, a.payment_id, a.type, json_extract(j.value, '$.type'), '', a.processed_at, p.currency, sum(json_extract(j.value, '$.amount')) * 1000000, p.currency, sum(json_extract(j.value, '$.amount')) * 1000000, null, null, 'reporting', a.fetched_at
        from payment_actions a join payments p on p.id = a.payment_id, json_each(a.breakdown_json) j
        where a.breakdown_json is not null
        group by a.id, json_extract(j.value, '$.type')`.execute(db)
      for (const column of ['breakdown_json', 'fee_amount', 'gross_amount']) await db.schema.alterTable('payment_actions').dropColumn(column).execute()
    },
    async down(db: Kysely<unknown>) {
      for (const column of ['gross_amount', 'fee_amount']) await db.schema.alterTable('payment_actions').addColumn(column, 'integer').execute()
      await db.schema.alterTable('payment_actions').addColumn('breakdown_json', 'text').execute()
      for (const table of ['report_files', 'payouts', 'fee_lines']) await db.schema.dropTable(table).execute()
    },
  },
  '010_bulk_load': {
    // What a first sync set aside to load faster (store/bulk-load.ts): put back when it ends, or
    // at the next open if it never did.
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('bulk_load').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('sql', 'text', (c) => c.notNull()).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('bulk_load').execute()
    },
  },
  '011_action_log_outcomes_and_keys': {
    // An action whose request may have reached Checkout.com without an answer is 'unknown' until
    // re-sent with the same key; the key is unique (five identical clicks once made five rows
    // for one capture), and the request id is kept so the same key can be made again.
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt, rows kept (one per key).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_action_log_new')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('capture', 'refund', 'void')`))
        .addColumn('amount', 'integer')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('accepted', 'refused', 'failed', 'unknown')`))
        .addColumn('action_id', 'text')
        .addColumn('error', 'text')
        .execute()
      await sql`insert into payment_action_log_new (id, payment_id, kind, amount, currency, reference, requested_at, requested_by, idempotency_key, outcome, action_id, error)
        select id, payment_id, kind, amount, currency, reference, requested_at, requested_by, idempotency_key, outcome, action_id, error from payment_action_log
        where id in (select min(id) from payment_action_log group by idempotency_key)`.execute(db)
      await db.schema.dropTable('payment_action_log').execute()
      await sql`alter table payment_action_log_new rename to payment_action_log`.execute(db)
      await db.schema.createIndex('payment_action_log_payment').on('payment_action_log').columns(['payment_id', 'requested_at']).execute()
      await db.schema.createIndex('payment_action_log_key').unique().on('payment_action_log').column('idempotency_key').execute()
    },
    async down(db: Kysely<unknown>) {
      await sql`delete from payment_action_log where outcome = 'unknown'`.execute(db)
      await db.schema.dropIndex('payment_action_log_key').execute()
      await db.schema.alterTable('payment_action_log').dropColumn('request_id').execute()
    },
  },
  '012_money_in_the_totals_rollup': {
    // The list's money figures are authorised, captured, refunded, fees and net per currency,
    // for any filter, at a million rows: the rollup sums them too. A payment's fees are kept on
    // its row (fee_micro, from its fee lines: the settlement writer sets it as it writes them,
    // and a payment stored after its fee lines picks them up on insert).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('fee_micro', 'integer').execute()
      await sql.raw(`update payments set fee_micro = ${paymentFeeMicro('payments.id')} where id in (select payment_id from fee_lines)`).execute(db)
      await sql.raw(`create trigger payments_fee_micro_insert after insert on payments when exists (select 1 from fee_lines where payment_id = new.id) begin
        update payments set fee_micro = ${paymentFeeMicro('new.id')} where id = new.id; end`).execute(db)
      for (const name of ['payment_totals_insert', 'payment_totals_delete', 'payment_totals_update']) await sql.raw(`drop trigger ${name}`).execute(db)
      await db.schema.dropTable('payment_totals').execute()
      await createMoneyRollup(db)
    },
    async down(db: Kysely<unknown>) {
      for (const name of ['payment_totals_insert', 'payment_totals_delete', 'payment_totals_update', 'payments_fee_micro_insert']) await sql.raw(`drop trigger ${name}`).execute(db)
      await db.schema.dropTable('payment_totals').execute()
      await db.schema.alterTable('payments').dropColumn('fee_micro').execute()
      await migrations['005_payment_totals_rollup']!.up(db)
    },
  },
  '013_search_inside_text_and_by_arn': {
    // Support searches inside a reference, an email or a name, in any case ("smith" finds
    // "J.Smith@Example.com"): a trigram full-text index over those columns, kept by triggers
    // (bulk-load.ts sets them aside with the indexes and rebuilds it). Captures and refunds keep
    // their ARN in a column of its own, indexed, as a bank quotes it in a dispute.
    async up(db: Kysely<unknown>) {
      await sql.raw(`create virtual table payments_search using fts5(${SEARCH_COLUMNS.join(', ')}, content='payments', content_rowid='rowid', tokenize='trigram')`).execute(db)
      const values = (row: string) => SEARCH_COLUMNS.map((c) => `${row}.${c}`).join(', ')
      await sql.raw(`create trigger payments_search_insert after insert on payments begin insert into payments_search (rowid, ${SEARCH_COLUMNS.join(', ')}) values (new.rowid, ${values('new')}); end`).execute(db)
      await sql.raw(`create trigger payments_search_delete after delete on payments begin insert into payments_search (payments_search, rowid, ${SEARCH_COLUMNS.join(', ')}) values ('delete', old.rowid, ${values('old')}); end`).execute(db)
      await sql
        .raw(
          `create trigger payments_search_update after update of ${SEARCH_COLUMNS.join(', ')} on payments begin
            insert into payments_search (payments_search, rowid, ${SEARCH_COLUMNS.join(', ')}) values ('delete', old.rowid, ${values('old')});
            insert into payments_search (rowid, ${SEARCH_COLUMNS.join(', ')}) values (new.rowid, ${values('new')}); end`,
        )
        .execute(db)
      await sql.raw(`insert into payments_search (payments_search) values ('rebuild')`).execute(db)
      await db.schema.alterTable('payment_actions').addColumn('acquirer_reference_number', 'text').execute()
      await sql`update payment_actions set acquirer_reference_number = json_extract(raw_json, '$.processing.acquirer_reference_number')`.execute(db)
      await db.schema.createIndex('payment_actions_arn').on('payment_actions').column('acquirer_reference_number').where(sql.ref('acquirer_reference_number'), 'is not', null).execute()
    },
    async down(db: Kysely<unknown>) {
      for (const name of ['payments_search_insert', 'payments_search_delete', 'payments_search_update']) await sql.raw(`drop trigger ${name}`).execute(db)
      await sql`drop table payments_search`.execute(db)
      await db.schema.dropIndex('payment_actions_arn').execute()
      await db.schema.alterTable('payment_actions').dropColumn('acquirer_reference_number').execute()
    },
  },
  '014_orders_and_reconciliation': {
    // The merchant's orders (imported from the shop's CSV) and what finance does by hand to
    // reconcile a day: reconciliation/records.ts. Hand-made rows key on order ids, payment ids
    // and line keys, none of which a re-import or a re-sync changes.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('order_imports')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_hash', 'text', (c) => c.notNull())
        .addColumn('header_json', 'text', (c) => c.notNull())
        .addColumn('mapping_json', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text', (c) => c.notNull())
        .addColumn('delimiter', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('imported', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('bad', 'integer', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('orders')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull().check(sql`typeof(amount) = 'integer'`))
        .addColumn('currency', 'text', (c) => c.notNull().check(sql`length(currency) = 3`))
        .addColumn('ordered_at', 'text', (c) => c.notNull())
        .addColumn('customer', 'text')
        .addColumn('status', 'text')
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('row_key', 'text', (c) => c.notNull().unique())
        .execute()
      await db.schema.createIndex('orders_ordered_at').on('orders').column('ordered_at').execute()
      await db.schema.createIndex('orders_reference').on('orders').column('reference').execute()
      await db.schema
        .createTable('order_import_errors')
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_import_errors_pk', ['import_id', 'line'])
        .execute()
      await db.schema.createTable('order_column_maps').addColumn('header_key', 'text', (c) => c.primaryKey()).addColumn('mapping_json', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull()).execute()
      await db.schema
        .createTable('recon_links')
        .addColumn('order_id', 'integer', (c) => c.notNull())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('link', 'unlink')`))
        .addColumn('by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recon_links_pk', ['order_id', 'payment_id'])
        .execute()
      await db.schema
        .createTable('recon_explanations')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('line_key', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recon_explanations_pk', ['day', 'line_key'])
        .execute()
      await db.schema
        .createTable('recon_days')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'closed')`))
        .addColumn('by', 'text')
        .addColumn('at', 'text')
        .execute()
      await db.schema
        .createTable('recon_day_events')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('close', 'reopen')`))
        .addColumn('by', 'text', (c) => c.notNull())
        .addColumn('why', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['recon_day_events', 'recon_days', 'recon_explanations', 'recon_links', 'order_column_maps', 'order_import_errors', 'orders', 'order_imports']) await db.schema.dropTable(table).execute()
    },
  },
  '015_amount_order_within_a_currency': {
    // The list sorts by amount only within one currency: (currency, amount, id) walks that order
    // at once (without it, a million-row store sorted a currency's rows for every page).
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('payments_currency_amount').on('payments').columns(['currency', 'amount', 'id']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('payments_currency_amount').execute()
    },
  },
  '016_closed_day_totals': {
    // A closed day keeps the totals it was closed with: a late refund or a re-sync afterwards
    // shows as a change since the close, never as a silently different closed day.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('recon_days').addColumn('summary_json', 'text').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('recon_days').dropColumn('summary_json').execute()
    },
  },
  '017_risk_reviews': {
    // What a person decided about a flagged or risk-declined payment: kept apart from the
    // payment row, which every sync rewrites, so a review survives re-syncs.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('risk_reviews')
        .addColumn('payment_id', 'text', (c) => c.primaryKey())
        .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('legitimate', 'fraud', 'follow_up')`))
        .addColumn('note', 'text')
        .addColumn('by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('risk_reviews').execute()
    },
  },
  '018_billing_country_and_response_codes': {
    // Insights group by the billing country and by a response code's category: both as data SQL
    // can group by. The country is read once from the stored answers; syncs write it from then on.
    // The code table is Checkout.com's (reference/codes.ts) as this migration found it.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('billing_country', 'text').execute()
      await sql`update payments set billing_country = json_extract(raw_json, '$.source.billing_address.country') where json_extract(raw_json, '$.source.billing_address.country') is not null`.execute(db)
      await db.schema
        .createTable('response_codes')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .execute()
      const rows = [...RESPONSE_CODES].map(([code, c]) => ({ code, summary: c.summary, category: c.category }))
      for (let i = 0; i < rows.length; i += 200) await (db as Kysely<{ response_codes: { code: string; summary: string; category: string } }>).insertInto('response_codes').values(rows.slice(i, i + 200)).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('response_codes').execute()
      await db.schema.alterTable('payments').dropColumn('billing_country').execute()
    },
  },
  '019_insight_cells': {
    // Insights and the list's totals read payment_cells (store/payment-cells.ts: why cuts, why
    // three grains), which replaces 012's one-dimension daily payment_totals. Payments gain
    // three_ds (3-D Secure asked for, from the stored answers, then written by every sync) and
    // indexes for the insights' drill-downs by issuing country and BIN.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('three_ds', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await sql`update payments set three_ds = 1 where json_extract(raw_json, '$."3ds"') is not null`.execute(db)
      for (const column of ['issuer_country', 'bin']) await db.schema.createIndex(`payments_${column}_created`).on('payments').columns([column, 'created_at', 'id']).execute()
      // The ends of a range under a day are read from payments through it: every column a cell reads.
      await db.schema.createIndex('payments_cell_edges').on('payments').columns(CELL_WATCHED_COLUMNS).execute()
      await sql.raw(learnStoredResponseCodes()).execute(db)
      for (const name of ['payment_totals_insert', 'payment_totals_delete', 'payment_totals_update']) await sql.raw(`drop trigger ${name}`).execute(db)
      await db.schema.dropTable('payment_totals').execute()
      let table = db.schema.createTable('payment_cells').addColumn('cut', 'text', (c) => c.notNull()).addColumn('grain', 'text', (c) => c.notNull()).addColumn('bucket', 'integer', (c) => c.notNull())
      for (const dim of CELL_DIMENSION_NAMES) table = table.addColumn(dim, 'text', (c) => c.notNull())
      for (const measure of CELL_MEASURE_NAMES) table = table.addColumn(measure, 'integer', (c) => c.notNull())
      await table.addPrimaryKeyConstraint('payment_cells_pk', ['cut', 'grain', 'bucket', ...CELL_DIMENSION_NAMES] as never).modifyEnd(sql`without rowid`).execute()
      await rebuildCells(db)
    },
    async down(db: Kysely<unknown>) {
      await dropCellTriggers(db)
      await db.schema.dropTable('payment_cells').execute()
      await createMoneyRollup(db)
      for (const column of ['issuer_country', 'bin']) await db.schema.dropIndex(`payments_${column}_created`).execute()
      await db.schema.dropIndex('payments_cell_edges').execute()
      await db.schema.alterTable('payments').dropColumn('three_ds').execute()
    },
  },
  '020_approval_series': {
    // The approval-rate charts: payment_cells gains hourly cuts by currency, scheme and card
    // type, payment type and 3-D Secure, and issuing country (payment-cells.ts); a BIN's payments
    // per day and outcome are counted through an index of the BIN's first six digits, the
    // outcome and the time (a range count each, no rows read).
    async up(db: Kysely<unknown>) {
      await sql`create index payments_bin6_outcome_created on payments (substr(bin, 1, 6), approved, created_at)`.execute(db)
      await rebuildCells(db)
    },
    async down(db: Kysely<unknown>) {
      // The cells of the new cuts stay: the triggers are built from today's CUTS, which have them.
      await db.schema.dropIndex('payments_bin6_outcome_created').execute()
    },
  },
  '021_phone_payments': {
    // Phone payments (moto/): each request written with its idempotency key before it is sent
    // and settled by the answer, so no timeout or crash can make it twice; and the customers and
    // saved cards as Checkout.com lists them. Those are kept apart from customers/instruments,
    // which are rebuilt from the payments (a bulk load deletes them): a customer created on the
    // phone has no payment yet, and a removed card must stay removed.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull().check(sql`source_kind in ('saved', 'default', 'new_card')`))
        .addColumn('source_id', 'text')
        .addColumn('card_scheme', 'text')
        .addColumn('card_last4', 'text')
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('sending', 'unknown', 'approved', 'declined', 'pending', 'refused', 'failed')`))
        .addColumn('payment_id', 'text')
        .addColumn('status', 'text')
        .addColumn('response_code', 'text')
        .addColumn('response_summary', 'text')
        .addColumn('auth_code', 'text')
        .addColumn('avs_check', 'text')
        .addColumn('cvv_check', 'text')
        .addColumn('redirect_url', 'text')
        .addColumn('processed_at', 'text')
        .addColumn('error', 'text')
        .execute()
      await db.schema.createIndex('payment_requests_duplicates').on('payment_requests').columns(['customer_id', 'amount', 'reference', 'created_at']).execute()
      await db.schema.createIndex('payment_requests_state').on('payment_requests').columns(['state', 'created_at']).execute()
      await db.schema
        .createTable('customer_profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('phone', 'text')
        .addColumn('phone_digits', 'text')
        .addColumn('default_source_id', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('customer_cards')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('scheme', 'text')
        .addColumn('card_type', 'text')
        .addColumn('bin', 'text')
        .addColumn('last4', 'text')
        .addColumn('expiry_month', 'integer')
        .addColumn('expiry_year', 'integer')
        .addColumn('issuer_country', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('customer_cards_customer').on('customer_cards').column('customer_id').execute()
      await db.schema.createIndex('customer_cards_last4').on('customer_cards').column('last4').execute()
      await db.schema.createIndex('instruments_last4').on('instruments').column('last4').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('instruments_last4').execute()
      for (const table of ['customer_cards', 'customer_profiles', 'payment_requests']) await db.schema.dropTable(table).execute()
    },
  },
  '022_month_and_half_hour_cells': {
    // The cuts with the most cells a day (a BIN's, the checks') gain months and all time, summed
    // from their days; the charts' cuts gain the first half of each hour, from the payments
    // (payment-cells.ts GRAINS), as the bulk load builds them.
    async up(db: Kysely<unknown>) {
      const added = { bins: ['m', 'a'], checks: ['m', 'a'], currencies: ['half'], schemes: ['half'], channels: ['half'], issuers: ['half'] } as const
      // A first sync's bulk load left open by a crash rebuilds every cell when it ends: only its saved triggers change.
      const building = await bulkLoadOpen(db)
      for (const [cut, grains] of Object.entries(added) as [keyof typeof added, readonly ('m' | 'a' | 'half')[]][])
        for (const grain of grains) {
          // 019 and 020 build today's cuts (a store made new has these cells already): summed afresh.
          await sql`delete from payment_cells where cut = ${cut} and grain = ${grain}`.execute(db)
          if (!building) await sql.raw(grain === 'half' ? cellsFromPayments(cut, grain) : coarserCells(cut, grain, finerSource(cut, grain))).execute(db)
        }
      await replaceCellTriggers(db)
    },
    async down(db: Kysely<unknown>) {
      // The triggers stay today's (as 020's down leaves them); the cells no older code reads go.
      await sql`delete from payment_cells where grain in ('m', 'a', 'half')`.execute(db)
    },
  },
  '023_quarter_day_cells': {
    // The charts' cuts gain quarter days (payment-cells.ts GRAINS), summed from their hours.
    async up(db: Kysely<unknown>) {
      const building = await bulkLoadOpen(db)
      for (const cut of ['currencies', 'schemes', 'channels', 'issuers'] as const) {
        await sql`delete from payment_cells where cut = ${cut} and grain = 'q'`.execute(db)
        if (!building) await sql.raw(coarserCells(cut, 'q', 'h')).execute(db)
      }
      await replaceCellTriggers(db)
    },
    async down(db: Kysely<unknown>) {
      await sql`delete from payment_cells where grain = 'q'`.execute(db)
    },
  },
  '024_bin_quarter_days': {
    // The BINs' cut gains quarter days, from the payments, so a day boundary off a UTC midnight
    // (India's 18:30) is a quarter less half an hour, not 5.5 hours of payments; and an index of
    // its cells by grain and BIN, the count in it: 6 BINs over 90 days are ~2,400 day cells,
    // found by BIN instead of among every BIN's, or ~180,000 payments counted.
    async up(db: Kysely<unknown>) {
      await sql`delete from payment_cells where cut = 'bins' and grain = 'q'`.execute(db)
      if (!(await bulkLoadOpen(db))) await sql.raw(cellsFromPayments('bins', 'q')).execute(db)
      await sql.raw(`create index ${BIN_CELLS_INDEX} on payment_cells (grain, bin, bucket, count) where cut = 'bins'`).execute(db)
      await replaceCellTriggers(db)
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex(BIN_CELLS_INDEX).execute()
      await sql`delete from payment_cells where cut = 'bins' and grain = 'q'`.execute(db)
    },
  },
  '025_action_resend_confirmation': {
    // An action with no answer is checked against the payment's actions before any resend; when
    // none matches and its idempotency key may have expired at Checkout.com (24 hours), a resend
    // would be a new action, so it waits for a person to confirm it.
    // Checkout.com's clock at the request (the Date of its last answer) is kept beside this
    // computer's, so the key's age is known by both clocks even when they disagree.
    async up(db: Kysely<unknown>) {
      await sql`alter table payment_action_log add column confirm_resend integer not null default 0`.execute(db)
      await sql`alter table payment_action_log add column server_requested_at text`.execute(db)
    },
    async down(db: Kysely<unknown>) {
      await sql`alter table payment_action_log drop column server_requested_at`.execute(db)
      await sql`alter table payment_action_log drop column confirm_resend`.execute(db)
    },
  },
}

/** Fills payment_cells from the payments for today's CUTS and (re)creates the triggers that keep it. */
async function rebuildCells(db: Kysely<unknown>) {
  await dropCellTriggers(db)
  await sql`delete from payment_cells`.execute(db)
  for (const statement of cellBackfill()) await sql.raw(statement).execute(db)
  for (const trigger of cellTriggers()) await sql.raw(trigger).execute(db)
}

async function bulkLoadOpen(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from bulk_load`.execute(db)
  return Number(rows[0]?.n) > 0
}

/** Today's cell triggers in place of the stored ones, or of those a bulk load left open has set aside (it puts them back when it ends). */
async function replaceCellTriggers(db: Kysely<unknown>) {
  if (await bulkLoadOpen(db)) {
    await sql`delete from bulk_load where name like ${`${CELL_TRIGGER_PREFIX}%`}`.execute(db)
    for (const trigger of cellTriggers()) await sql`insert into bulk_load (name, sql) values (${/^create trigger (\w+)/.exec(trigger)![1]!}, ${trigger})`.execute(db)
    return
  }
  await dropCellTriggers(db)
  for (const trigger of cellTriggers()) await sql.raw(trigger).execute(db)
}

async function dropCellTriggers(db: Kysely<unknown>) {
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and name like ${`${CELL_TRIGGER_PREFIX}%`}`.execute(db)
  for (const { name } of rows) await sql.raw(`drop trigger ${name}`).execute(db)
}

export const paymentsMigrations = migrations
