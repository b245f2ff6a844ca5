import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPaymentsStore } from '../../../src-main/store/payments-store'
import { syncPaymentsBySearch } from '../../../src-main/sync/search-sync'
import { RANGE, startSyncHarness, visibleSourceIds } from '../../fixtures/sync-harness'

// A first sync into an empty store sets the list's indexes and the customers/instruments
// triggers aside and puts them back at the end (store/bulk-load.ts).
let h: Awaited<ReturnType<typeof startSyncHarness>>
beforeAll(async () => (h = await startSyncHarness(2500)))
afterAll(() => h.close())

type Store = Awaited<ReturnType<typeof h.openStore>>
const schema = (store: Store) => store.sqlite.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all()
const customers = (store: Store) => store.sqlite.prepare('select * from customers order by id').all()
const instruments = (store: Store) => store.sqlite.prepare('select * from instruments order by id').all()

describe('a first sync loaded in bulk', () => {
  it('ends with every index and trigger of a new store, and the customers and cards the payments used', async () => {
    const fresh = await h.openStore()
    const expectedSchema = schema(fresh)
    const store = await h.openStore()
    let indexesDuringSync = -1
    await syncPaymentsBySearch(h.deps(store), {
      ...RANGE,
      afterFetch: () => {
        indexesDuringSync = (store.sqlite.prepare("select count(*) as n from sqlite_master where type = 'index' and tbl_name = 'payments' and sql is not null").get() as { n: number }).n
      },
    })
    expect(indexesDuringSync).toBe(0)
    expect(schema(store)).toEqual(expectedSchema)
    expect(store.bulkLoad.active()).toBe(false)

    const state = h.sim.ctx.state
    const customerIds = [...new Set(Object.values(state.payments).map((p) => p.customerId).filter(Boolean))].sort()
    expect((customers(store) as { id: string }[]).map((c) => c.id)).toEqual(customerIds)
    const sourceIds = visibleSourceIds(state)
    expect((instruments(store) as { id: string }[]).map((c) => c.id)).toEqual(sourceIds)

    // The same rows as the triggers keep, payment by payment: replay them through the triggers.
    const byTriggers = await h.openStore()
    byTriggers.sqlite.exec(`attach database '${store.sqlite.name}' as loaded`)
    byTriggers.sqlite.exec('insert into payments select * from loaded.payments order by created_at, id')
    expect(customers(byTriggers)).toEqual(customers(store))
    expect(instruments(byTriggers)).toEqual(instruments(store))
    // The search index was rebuilt too: text inside a reference finds every payment it should.
    const some = store.sqlite.prepare('select reference from payments where reference is not null limit 1').get() as { reference: string }
    const needle = some.reference.slice(2, 9).toLowerCase()
    const found = (s: typeof store) => (s.sqlite.prepare('select count(*) as n from payments_search where payments_search match ?').get(`"${needle}"`) as { n: number }).n
    const expected = (store.sqlite.prepare('select count(*) as n from payments where lower(reference) like ?').get(`%${needle}%`) as { n: number }).n
    expect(expected).toBeGreaterThan(0)
    expect(found(store)).toBe(expected)
    expect(found(byTriggers)).toBe(expected)
  })

  it('a load stopped half-way (a crash) is put back when the store is next opened', async () => {
    const store = await h.openStore()
    const file = store.sqlite.name
    const expected = schema(await h.openStore())
    expect(store.bulkLoad.begin()).toBe(true)
    expect(store.bulkLoad.begin()).toBe(false) // already set aside
    const page = await h.client.searchPayments({ limit: 200, from: RANGE.from, to: RANGE.to })
    const { storeSearchResults } = await import('../../../src-main/sync/search-sync')
    store.writer.transaction(() => storeSearchResults(store, page.data, new Date().toISOString(), { created: 0, updated: 0, unchanged: 0 }))
    await store.close() // no end(): as if the process died here
    const reopened = await openPaymentsStore(file)
    try {
      expect(schema(reopened)).toEqual(expected)
      expect(reopened.bulkLoad.active()).toBe(false)
      const withCustomer = page.data.filter((p) => p.customer?.id).length
      expect(withCustomer).toBeGreaterThan(0)
      expect((reopened.sqlite.prepare('select count(*) as n from customers').get() as { n: number }).n).toBe(new Set(page.data.map((p) => p.customer?.id).filter(Boolean)).size)
    } finally {
      await reopened.close()
    }
  })
})
