import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openAppStore } from '../../../src-main/store/app-store'
import { paymentsMigrations } from '../../../src-main/store/payments-migrations'
import { openPaymentsStore, PAYMENTS_MIGRATION_TABLE } from '../../../src-main/store/payments-store'

const dirs: string[] = []
function tempFile(name = 'payments.sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-mig-'))
  dirs.push(dir)
  return join(dir, name)
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

const latest = Object.keys(paymentsMigrations).sort().at(-1)!

function schemaOf(file: string) {
  const sqlite = new SQLite(file, { readonly: true })
  const objects = sqlite.prepare("select type, name, sql from sqlite_master where name not like 'kysely_%' and name not like 'app_migration%' order by name").all()
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((t) => t.name)
  sqlite.close()
  return { objects, tables }
}

const insertPayment = (sqlite: SQLite.Database, id: string, fields: { amount: number; currency: string; status: string; approved?: number | null; created_at?: string }) =>
  sqlite
    .prepare(`insert into payments (id, created_at, amount, currency, status, approved, raw_json, fetched_at) values (?, ?, ?, ?, ?, ?, '{}', '2026-01-01T00:00:00Z')`)
    .run(id, fields.created_at ?? '2026-01-01T10:00:00Z', fields.amount, fields.currency, fields.status, fields.approved ?? 1)

/**
 * A store written before `migration` (at the one before it, `before`) holding payments of GBP 1.00,
 * each [id, created_at, approved], and without the cells of `grains` (a store made new has them:
 * 019 and 020 build today's cuts); then opened at the latest migration. `cells` reads one cut's
 * cells of one grain.
 */
async function storeMigratedFrom(before: string, payments: readonly (readonly [string, string, 0 | 1])[], grains: readonly string[]) {
  const file = tempFile()
  const old = await openPaymentsStore(file, { migrateTo: before })
  for (const [id, at, approved] of payments) insertPayment(old.sqlite, id, { amount: 100, currency: 'GBP', status: approved ? 'Captured' : 'Declined', approved, created_at: at })
  old.sqlite.prepare(`delete from payment_cells where grain in (${grains.map(() => '?').join(', ')})`).run(...grains)
  await old.close()
  const store = await openPaymentsStore(file)
  const cells = (cut: string, grain: string) => store.sqlite.prepare('select bucket, outcome, count from payment_cells where cut = ? and grain = ? order by bucket, outcome').all(cut, grain)
  return { store, cells }
}

describe('the payments database', () => {
  it('comes to the latest schema with WAL and foreign keys on, and no settings table', async () => {
    const file = tempFile()
    const store = await openPaymentsStore(file)
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    const applied = store.sqlite.prepare(`select name from ${PAYMENTS_MIGRATION_TABLE} order by name`).all() as { name: string }[]
    expect(applied.at(-1)!.name).toBe(latest)
    await store.close()
    const { tables } = schemaOf(file)
    expect(tables).toEqual(expect.arrayContaining(['payments', 'payment_actions', 'payment_cells', 'payment_action_log', 'customers', 'instruments', 'sync_cursors']))
    expect(tables).not.toContain('settings')
  })

  it('moves the fee breakdowns of 003-008 into fee lines, summed per type, and drops the JSON', async () => {
    const file = tempFile()
    const old = await openPaymentsStore(file, { migrateTo: '008_settings_live_in_the_app_database' })
    insertPayment(old.sqlite, 'pay_fees', { amount: 1050, currency: 'EUR', status: 'Captured' })
    const breakdown = JSON.stringify([{ type: 'Gross', amount: 1050 }, { type: 'Scheme Fee', amount: -2 }, { type: 'Scheme Fee', amount: -1 }])
    old.sqlite
      .prepare(`insert into payment_actions (id, payment_id, type, amount, approved, processed_at, gross_amount, fee_amount, breakdown_json, raw_json, fetched_at) values ('act_fees', 'pay_fees', 'Capture', 1050, 1, '2026-01-01T10:00:00Z', 1050, 3, ?, '{}', '2026-01-01T11:00:00Z')`)
      .run(breakdown)
    await old.close()
    const upgraded = await openPaymentsStore(file)
    const lines = upgraded.sqlite.prepare('select breakdown_type, processing_currency, processing_micro, holding_micro, source from fee_lines order by breakdown_type').all()
    expect(lines).toEqual([
      { breakdown_type: 'Gross', processing_currency: 'EUR', processing_micro: 1_050_000_000, holding_micro: 1_050_000_000, source: 'reporting' },
      { breakdown_type: 'Scheme Fee', processing_currency: 'EUR', processing_micro: -3_000_000, holding_micro: -3_000_000, source: 'reporting' },
    ])
    const columns = (upgraded.sqlite.prepare("select name from pragma_table_info('payment_actions')").all() as { name: string }[]).map((c) => c.name)
    expect(columns).not.toContain('breakdown_json')
    await upgraded.close()
  })

  it('changes nothing when opened twice', async () => {
    const file = tempFile()
    await (await openPaymentsStore(file)).close()
    const first = schemaOf(file)
    await (await openPaymentsStore(file)).close()
    expect(schemaOf(file)).toEqual(first)
  })

  it('upgrades a file written by the first schema, keeps its rows and ends like a new one', async () => {
    const file = tempFile()
    const old = await openPaymentsStore(file, { migrateTo: '001_settings_and_payments' })
    insertPayment(old.sqlite, 'pay_old', { amount: 1050, currency: 'EUR', status: 'Captured' })
    await old.close()
    const upgraded = await openPaymentsStore(file)
    expect(upgraded.sqlite.prepare('select id, amount, currency, customer_email from payments').all()).toEqual([{ id: 'pay_old', amount: 1050, currency: 'EUR', customer_email: null }])
    await upgraded.close()
    const fresh = tempFile()
    await (await openPaymentsStore(fresh)).close()
    expect(schemaOf(file).objects).toEqual(schemaOf(fresh).objects)
  })

  it('backfills the totals rollup (005) from rows stored before it', async () => {
    const file = tempFile()
    const old = await openPaymentsStore(file, { migrateTo: '004_list_filter_indexes' })
    insertPayment(old.sqlite, 'pay_a', { amount: 1000, currency: 'EUR', status: 'Captured' })
    insertPayment(old.sqlite, 'pay_b', { amount: 250, currency: 'EUR', status: 'Declined', approved: 0 })
    insertPayment(old.sqlite, 'pay_c', { amount: 700, currency: 'GBP', status: 'Captured', created_at: '2026-01-02T10:00:00Z' })
    await old.close()
    // payment_totals lived from 005 to 018 (019 replaced it with payment_cells).
    const store = await openPaymentsStore(file, { migrateTo: '018_billing_country_and_response_codes' })
    const all = store.sqlite.prepare("select day, currency, count, gross, approved_gross from payment_totals where dim = 'all' order by day, currency").all()
    expect(all).toEqual([
      { day: '2026-01-01', currency: 'EUR', count: 2, gross: 1250, approved_gross: 1000 },
      { day: '2026-01-02', currency: 'GBP', count: 1, gross: 700, approved_gross: 700 },
    ])
    expect(store.sqlite.prepare("select value, count from payment_totals where dim = 'status' and currency = 'EUR' order by value").all()).toEqual([
      { value: 'Captured', count: 1 },
      { value: 'Declined', count: 1 },
    ])
    await store.close()
  })

  it('backfills customers and saved cards (007) from the raw JSON of rows stored before it', async () => {
    const file = tempFile()
    const old = await openPaymentsStore(file, { migrateTo: '006_payment_action_log' })
    const raw = (name: string, month: number) => JSON.stringify({ customer: { id: 'cus_1', name }, source: { id: 'src_1', expiry_month: month, expiry_year: 2030, fingerprint: 'fp1' } })
    for (const [id, created, name, month] of [['pay_1', '2026-01-01T10:00:00Z', 'Ada', 1], ['pay_2', '2026-02-01T10:00:00Z', 'Ada L', 2]] as const) {
      old.sqlite
        .prepare(`insert into payments (id, created_at, amount, currency, status, customer_id, customer_email, source_id, last4, raw_json, fetched_at) values (?, ?, 100, 'EUR', 'Captured', 'cus_1', 'ada@example.com', 'src_1', '4242', ?, ?)`)
        .run(id, created, raw(name, month), created)
    }
    await old.close()
    const store = await openPaymentsStore(file)
    expect(store.sqlite.prepare('select id, email, first_payment_at, last_payment_at from customers').all()).toEqual([{ id: 'cus_1', email: 'ada@example.com', first_payment_at: '2026-01-01T10:00:00Z', last_payment_at: '2026-02-01T10:00:00Z' }])
    expect(store.sqlite.prepare('select id, customer_id, last4, expiry_year, fingerprint from instruments').all()).toEqual([{ id: 'src_1', customer_id: 'cus_1', last4: '4242', expiry_year: 2030, fingerprint: 'fp1' }])
    expect(store.sqlite.prepare("select customer_name from payments where id = 'pay_2'").get()).toEqual({ customer_name: 'Ada L' })
    await store.close()
  })

  it('backfills the billing country (018) from stored answers, and declines group by their code category', async () => {
    const file = tempFile()
    const old = await openPaymentsStore(file, { migrateTo: '017_risk_reviews' })
    const insert = old.sqlite.prepare(`insert into payments (id, created_at, amount, currency, status, approved, response_code, raw_json, fetched_at) values (?, '2026-01-01T10:00:00Z', 100, 'GBP', ?, ?, ?, ?, '2026-01-01T10:00:00Z')`)
    insert.run('pay_1', 'Captured', 1, '10000', JSON.stringify({ source: { billing_address: { country: 'FR' } } }))
    insert.run('pay_2', 'Declined', 0, '20051', JSON.stringify({ source: {} }))
    insert.run('pay_3', 'Declined', 0, '30015', '{}')
    insert.run('pay_4', 'Declined', 0, '40101', '{}')
    await old.close()
    const store = await openPaymentsStore(file)
    expect(store.sqlite.prepare('select id, billing_country from payments order by id').all()).toEqual([
      { id: 'pay_1', billing_country: 'FR' },
      { id: 'pay_2', billing_country: null },
      { id: 'pay_3', billing_country: null },
      { id: 'pay_4', billing_country: null },
    ])
    const byCategory = store.sqlite.prepare('select c.category, count(*) as n from payments p join response_codes c on c.code = p.response_code where p.approved = 0 group by c.category order by c.category').all()
    expect(byCategory).toEqual([
      { category: 'hard_decline', n: 1 },
      { category: 'risk', n: 1 },
      { category: 'soft_decline', n: 1 },
    ])
    await store.close()
  })

  it('fills payment_cells (019) from rows stored before it: 3-D Secure from the stored answers, codes the table lacks learned by prefix', async () => {
    const file = tempFile()
    const old = await openPaymentsStore(file, { migrateTo: '018_billing_country_and_response_codes' })
    const insert = old.sqlite.prepare(`insert into payments (id, created_at, amount, currency, status, approved, response_code, raw_json, fetched_at) values (?, ?, ?, 'GBP', ?, ?, ?, ?, '2026-01-01T10:00:00Z')`)
    insert.run('pay_1', '2026-01-01T10:15:00Z', 1000, 'Captured', 1, '10000', JSON.stringify({ '3ds': { enrolled: 'Y' } }))
    insert.run('pay_2', '2026-01-01T10:45:00Z', 250, 'Declined', 0, '20051', '{}')
    insert.run('pay_3', '2026-01-02T01:00:00Z', 300, 'Declined', 0, '30999', '{}')
    await old.close()
    const store = await openPaymentsStore(file)
    expect(store.sqlite.prepare('select id, three_ds from payments order by id').all()).toEqual([
      { id: 'pay_1', three_ds: 1 },
      { id: 'pay_2', three_ds: 0 },
      { id: 'pay_3', three_ds: 0 },
    ])
    expect(store.sqlite.prepare("select category from response_codes where code = '30999'").get()).toEqual({ category: 'hard_decline' })
    const days = store.sqlite.prepare("select bucket, outcome, category, count, amount from payment_cells where cut = 'codes' and grain = 'd' order by bucket, outcome").all()
    const day = (iso: string) => Date.parse(iso) / 3_600_000
    expect(days).toEqual([
      { bucket: day('2026-01-01T00:00:00Z'), outcome: 'approved', category: 'approved', count: 1, amount: 1000 },
      { bucket: day('2026-01-01T00:00:00Z'), outcome: 'declined', category: 'soft_decline', count: 1, amount: 250 },
      { bucket: day('2026-01-02T00:00:00Z'), outcome: 'declined', category: 'hard_decline', count: 1, amount: 300 },
    ])
    expect(store.sqlite.prepare("select three_ds, count from payment_cells where cut = 'types' and grain = 'd' and bucket = ? order by three_ds").all(day('2026-01-01T00:00:00Z'))).toEqual([
      { three_ds: '0', count: 1 },
      { three_ds: '1', count: 1 },
    ])
    await store.close()
  })

  it('adds months and all time to the BIN and checks cells, and half hours to the charts cells (022), and keeps them on later writes', async () => {
    const payments = [['pay_1', '2026-01-01T10:15:00Z', 1], ['pay_2', '2026-01-01T10:45:00Z', 0], ['pay_3', '2026-02-03T23:20:00Z', 1]] as const
    const { store, cells } = await storeMigratedFrom('021_phone_payments', payments, ['m', 'a', 'half'])
    const hour = (iso: string) => Date.parse(iso) / 3_600_000
    expect(cells('bins', 'm')).toEqual([
      { bucket: hour('2026-01-01T00:00:00Z'), outcome: 'approved', count: 1 },
      { bucket: hour('2026-01-01T00:00:00Z'), outcome: 'declined', count: 1 },
      { bucket: hour('2026-02-01T00:00:00Z'), outcome: 'approved', count: 1 },
    ])
    expect(cells('checks', 'a')).toEqual([
      { bucket: 0, outcome: 'approved', count: 2 },
      { bucket: 0, outcome: 'declined', count: 1 },
    ])
    // The first half of an hour only: 10:15 and 23:20, not the declined 10:45.
    expect(cells('currencies', 'half')).toEqual([
      { bucket: hour('2026-01-01T10:00:00Z'), outcome: 'approved', count: 1 },
      { bucket: hour('2026-02-03T23:00:00Z'), outcome: 'approved', count: 1 },
    ])
    insertPayment(store.sqlite, 'pay_4', { amount: 100, currency: 'GBP', status: 'Captured', created_at: '2026-02-03T23:05:00Z' })
    expect(cells('currencies', 'half')).toContainEqual({ bucket: hour('2026-02-03T23:00:00Z'), outcome: 'approved', count: 2 })
    expect(cells('bins', 'a')).toContainEqual({ bucket: 0, outcome: 'approved', count: 3 })
    await store.close()
  })

  it('adds quarter days to the charts cells (023) from their hours, and keeps them on later writes', async () => {
    const payments = [['pay_1', '2026-01-01T01:15:00Z', 1], ['pay_2', '2026-01-01T05:59:00Z', 0], ['pay_3', '2026-01-01T06:00:00Z', 1]] as const
    const { store, cells } = await storeMigratedFrom('022_month_and_half_hour_cells', payments, ['q'])
    const hour = (iso: string) => Date.parse(iso) / 3_600_000
    const quarters = [
      { bucket: hour('2026-01-01T00:00:00Z'), outcome: 'approved', count: 1 },
      { bucket: hour('2026-01-01T00:00:00Z'), outcome: 'declined', count: 1 },
      { bucket: hour('2026-01-01T06:00:00Z'), outcome: 'approved', count: 1 },
    ]
    for (const cut of ['currencies', 'schemes', 'channels', 'issuers']) expect(cells(cut, 'q')).toEqual(quarters)
    // BINs' quarters come from 024.
    expect(store.sqlite.prepare("select count(*) as n from payment_cells where grain = 'q' and cut not in ('currencies', 'schemes', 'channels', 'issuers', 'bins')").get()).toEqual({ n: 0 })
    insertPayment(store.sqlite, 'pay_4', { amount: 100, currency: 'GBP', status: 'Captured', created_at: '2026-01-01T11:59:59Z' })
    expect(cells('issuers', 'q')).toContainEqual({ bucket: hour('2026-01-01T06:00:00Z'), outcome: 'approved', count: 2 })
    await store.close()
  })

  it('adds quarter days to the BIN cells (024) from the payments, indexed by BIN, and keeps them on later writes', async () => {
    const payments = [['pay_1', '2026-01-01T01:15:00Z', 1], ['pay_2', '2026-01-01T05:59:00Z', 0], ['pay_3', '2026-01-01T18:30:00Z', 1]] as const
    const { store } = await storeMigratedFrom('023_quarter_day_cells', payments, ['q'])
    const hour = (iso: string) => Date.parse(iso) / 3_600_000
    const bins = (grain: string) => store.sqlite.prepare('select bucket, outcome, sum(count) as count from payment_cells where cut = ? and grain = ? group by 1, 2 order by 1, 2').all('bins', grain)
    expect(bins('q')).toEqual([
      { bucket: hour('2026-01-01T00:00:00Z'), outcome: 'approved', count: 1 },
      { bucket: hour('2026-01-01T00:00:00Z'), outcome: 'declined', count: 1 },
      { bucket: hour('2026-01-01T18:00:00Z'), outcome: 'approved', count: 1 },
    ])
    insertPayment(store.sqlite, 'pay_4', { amount: 100, currency: 'GBP', status: 'Captured', created_at: '2026-01-01T23:59:59Z' })
    expect(bins('q')).toContainEqual({ bucket: hour('2026-01-01T18:00:00Z'), outcome: 'approved', count: 2 })
    const plan = store.sqlite.prepare("explain query plan select bucket, count from payment_cells where cut = 'bins' and grain = 'q' and bin = '424242' and bucket >= 0").all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join()).toMatch(/payment_cells_bins/)
    await store.close()
  })

  it('refuses a fractional or negative amount and a malformed currency', async () => {
    const store = await openPaymentsStore(tempFile())
    const insert = store.sqlite.prepare(`insert into payments (id, created_at, amount, currency, status, raw_json, fetched_at) values (?, '2026-01-01T00:00:00Z', ?, ?, 'Captured', '{}', '2026-01-01T00:00:00Z')`)
    expect(() => insert.run('pay_neg', -1, 'EUR')).toThrow(/CHECK/)
    expect(() => insert.run('pay_frac', 10.5, 'EUR')).toThrow(/CHECK/)
    expect(insert.run('pay_ok', 1050, 'EUR').changes).toBe(1)
    expect(() => insert.run('pay_cur', 100, 'EURO')).toThrow(/CHECK/)
    await store.close()
  })
})

describe('the app database', () => {
  it('holds settings only, with its own migration table', async () => {
    const file = tempFile('paydesk.sqlite')
    await (await openAppStore(file)).close()
    expect(schemaOf(file).tables.filter((t) => !t.startsWith('app_migration'))).toEqual(['settings'])
  })
})
