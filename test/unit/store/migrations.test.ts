import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { latestMigration } from '../../../src-main/store/migrations'
import { openDatabase } from '../../../src-main/store/open-database'

const dirs: string[] = []
function tempFile() {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-mig-'))
  dirs.push(dir)
  return join(dir, 'paydesk.sqlite')
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

async function schemaOf(file: string) {
  const store = await openDatabase(file)
  const rows = await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master where name not like 'kysely_%' order by name`.execute(store.db)
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db)
  await store.close()
  return { objects: rows.rows, applied: applied.rows.map((r) => r.name) }
}

describe('migrations', () => {
  it('bring a fresh database to the latest schema with WAL and foreign keys on', async () => {
    const file = tempFile()
    const store = await openDatabase(file)
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    const columns = store.sqlite.prepare('pragma table_info(payments)').all() as { name: string }[]
    expect(columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['id', 'created_at', 'processed_at', 'amount', 'currency', 'status', 'approved', 'response_code', 'response_summary', 'scheme', 'card_type', 'bin', 'last4', 'issuer_country', 'avs_check', 'cvv_check', 'risk_flagged', 'reference', 'customer_id', 'customer_email', 'source_id', 'payment_type', 'auth_code', 'raw_json']),
    )
    const indexes = store.sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'payments'").all() as { name: string }[]
    expect(indexes.map((i) => i.name)).toContain('payments_created_id')
    await store.close()
    expect((await schemaOf(file)).applied.at(-1)).toBe(latestMigration)
  })

  it('change nothing when run twice', async () => {
    const file = tempFile()
    const first = await schemaOf(file)
    const second = await schemaOf(file)
    expect(second).toEqual(first)
  })

  it('upgrade a file written by an older schema and keep its rows', async () => {
    const file = tempFile()
    const old = await openDatabase(file, { migrateTo: '001_settings_and_payments' })
    old.sqlite
      .prepare(`insert into payments (id, created_at, amount, currency, status, raw_json, fetched_at) values ('pay_old', '2026-01-01T00:00:00Z', 1050, 'EUR', 'Captured', '{}', '2026-01-01T00:00:00Z')`)
      .run()
    expect(old.sqlite.prepare("select count(*) n from sqlite_master where name = 'sync_cursors'").get()).toEqual({ n: 0 })
    await old.close()

    const upgraded = await openDatabase(file)
    expect(upgraded.sqlite.prepare("select count(*) n from sqlite_master where name = 'sync_cursors'").get()).toEqual({ n: 1 })
    expect(upgraded.sqlite.prepare("select id, amount, currency, customer_email from payments").all()).toEqual([{ id: 'pay_old', amount: 1050, currency: 'EUR', customer_email: null }])
    await upgraded.close()
    expect((await schemaOf(file)).objects).toEqual((await schemaOf(tempFile())).objects)
  })

  it('refuse a fractional or negative amount and a malformed currency', async () => {
    const store = await openDatabase(tempFile())
    const insert = store.sqlite.prepare(`insert into payments (id, created_at, amount, currency, status, raw_json, fetched_at) values (?, '2026-01-01T00:00:00Z', ?, ?, 'Captured', '{}', '2026-01-01T00:00:00Z')`)
    expect(() => insert.run('pay_neg', -1, 'EUR')).toThrow(/CHECK/)
    expect(() => insert.run('pay_frac', 10.5, 'EUR')).toThrow(/CHECK/)
    expect(insert.run('pay_ok', 1050, 'EUR').changes).toBe(1)
    expect(() => insert.run('pay_cur', 100, 'EURO')).toThrow(/CHECK/)
    await store.close()
  })
})
