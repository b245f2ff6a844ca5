import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../../src-main/app/registry'
import { memoryLogger } from '../../../src-main/logger'
import { createFileSecretStore } from '../../../src-main/settings/secret-store'
import { connectionStoreFile } from '../../../src-main/store/connection-stores'
import { openPaymentsStore } from '../../../src-main/store/payments-store'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A paydesk.sqlite as versions before the split left it: the payments list's tables, rows and the action log. */
async function legacyDataDir() {
  const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-legacy-'))
  dirs.push(dataDir)
  const legacy = await openPaymentsStore(join(dataDir, 'paydesk.sqlite'), { migrateTo: '007_customers_and_instruments' })
  legacy.sqlite.prepare(`insert into settings (key, value, updated_at) values ('connection', '{"environment":"simulator","publicKey":null,"processingChannelId":null,"accountPrefix":null}', '2026-01-01T00:00:00Z')`).run()
  legacy.sqlite
    .prepare(`insert into payments (id, created_at, amount, currency, status, approved, customer_id, raw_json, fetched_at) values ('pay_legacy', '2026-03-01T10:00:00Z', 1250, 'EUR', 'Captured', 1, 'cus_legacy', '{"id":"pay_legacy"}', '2026-03-01T10:00:00Z')`)
    .run()
  legacy.sqlite
    .prepare(`insert into payment_actions (id, payment_id, type, amount, approved, processed_at, raw_json, fetched_at) values ('act_legacy', 'pay_legacy', 'Capture', 1250, 1, '2026-03-01T10:01:00Z', '{}', '2026-03-01T10:01:00Z')`)
    .run()
  legacy.sqlite
    .prepare(`insert into payment_action_log (payment_id, kind, amount, currency, requested_at, requested_by, idempotency_key, outcome) values ('pay_legacy', 'capture', 1250, 'EUR', '2026-03-01T10:00:30Z', 'ada', 'key-1', 'accepted')`)
    .run()
  await legacy.close()
  return dataDir
}

const open = (dataDir: string) => createApp({ dataDir, secrets: createFileSecretStore(join(dataDir, 'secrets.json')), logger: memoryLogger(), runtime: 'test', simulatorSeed: null })

describe('moving payments out of an older paydesk.sqlite', () => {
  it('brings payments, actions and the local action log into the connection store and leaves settings behind', async () => {
    const dataDir = await legacyDataDir()
    const app = await open(dataDir)
    const db = app.registry.store().db
    expect(await db.selectFrom('payments').select(['id', 'amount', 'currency']).execute()).toEqual([{ id: 'pay_legacy', amount: 1250, currency: 'EUR' }])
    expect(await db.selectFrom('payment_actions').select(['id', 'payment_id']).execute()).toEqual([{ id: 'act_legacy', payment_id: 'pay_legacy' }])
    expect(await db.selectFrom('payment_action_log').select(['payment_id', 'requested_by', 'idempotency_key', 'outcome']).execute()).toEqual([{ payment_id: 'pay_legacy', requested_by: 'ada', idempotency_key: 'key-1', outcome: 'accepted' }])
    // The moved rows count in the totals and customers the triggers keep.
    expect(await db.selectFrom('payment_cells').select(['count', 'amount']).where('cut', '=', 'codes').where('grain', '=', 'd').execute()).toEqual([{ count: 1, amount: 1250 }])
    expect(await db.selectFrom('customers').select('id').execute()).toEqual([{ id: 'cus_legacy' }])
    await app.close()

    const settings = new SQLite(join(dataDir, 'paydesk.sqlite'), { readonly: true })
    const tables = (settings.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((t) => t.name)
    expect(tables.filter((t) => !t.startsWith('app_migration') && !t.startsWith('sqlite_'))).toEqual(['settings'])
    expect(settings.prepare("select key from settings").all()).toContainEqual({ key: 'connection' })
    settings.close()
  })

  it('moves once: a second start finds nothing to move and duplicates nothing', async () => {
    const dataDir = await legacyDataDir()
    await (await open(dataDir)).close()
    const app = await open(dataDir)
    expect(await app.registry.store().db.selectFrom('payment_action_log').select('idempotency_key').execute()).toHaveLength(1)
    await app.close()
  })

  it('keeps the connection store’s own, newer copy of a payment it already has', async () => {
    const dataDir = await legacyDataDir()
    const newer = await openPaymentsStore(connectionStoreFile(dataDir, 'simulator'))
    newer.sqlite
      .prepare(`insert into payments (id, created_at, amount, currency, status, approved, raw_json, fetched_at) values ('pay_legacy', '2026-03-01T10:00:00Z', 1250, 'EUR', 'Refunded', 1, '{"id":"pay_legacy","status":"Refunded"}', '2026-04-01T00:00:00Z')`)
      .run()
    await newer.close()
    const app = await open(dataDir)
    expect(await app.registry.store().db.selectFrom('payments').select(['id', 'status']).execute()).toEqual([{ id: 'pay_legacy', status: 'Refunded' }])
    await app.close()
  })
})
