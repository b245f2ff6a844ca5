import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CheckoutClient } from '../../../src-main/checkout/client'
import { memoryLogger } from '../../../src-main/logger'
import { startSimulator } from '../../../src-main/simulator/server'
import { startTestSimulator } from '../../fixtures/simulator-client'

// POST /payments/search is not in the bundled 2021 spec (it is a later beta), so these calls
// skip the spec check and assert the documented contract directly (DATA-PATHS.md, section 8).
const END = Date.parse('2026-11-01T00:00:00Z')
let t: Awaited<ReturnType<typeof startTestSimulator>>
let client: CheckoutClient
beforeAll(async () => {
  t = await startTestSimulator({ seed: { count: 2500, days: 30, seed: 5, endAt: END } })
  client = new CheckoutClient({ baseUrl: t.sim.url, secretKey: t.sim.secretKey, logger: memoryLogger() })
})
afterAll(async () => {
  await client.close()
  await t.close()
})

const search = (body: unknown) => t.api('POST', '/payments/search', body, { check: false })
const window = { from: new Date(END - 10 * 86_400_000).toISOString(), to: new Date(END - 3 * 86_400_000).toISOString() }
const inWindow = () => Object.values(t.sim.ctx.state.payments).filter((p) => p.requested_on >= window.from.replace(/\.\d{3}Z$/, 'Z') && p.requested_on < window.to.replace(/\.\d{3}Z$/, 'Z'))

async function walk(body: { query?: string; limit: number; from: string; to: string }) {
  const items = []
  let next: string | undefined
  let pages = 0
  do {
    const page = await client.searchPayments(body, next)
    items.push(...page.data)
    next = page._links?.next?.href
    pages++
  } while (next && pages < 100)
  return { items, pages }
}

describe('POST /payments/search', () => {
  it('lists every payment of a window, declines included, newest first, page by page', async () => {
    const { items, pages } = await walk({ ...window, limit: 200 })
    const expected = inWindow()
    expect(pages).toBe(Math.ceil(expected.length / 200) + (expected.length % 200 === 0 ? 1 : 0))
    expect(items.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort())
    expect(new Set(items.map((p) => p.id)).size).toBe(items.length)
    const times = items.map((p) => p.requested_on)
    expect(times).toEqual([...times].sort().reverse())
    const declined = items.find((p) => p.status === 'Declined' && p.source?.avs_check && p.source?.cvv_check)
    expect(declined).toBeDefined()
    // A decline carries its response code in its action summaries, and the card's checks.
    expect(declined!.actions![0]).toMatchObject({ type: 'Authorization', status: 'Declined', response_code: expect.stringMatching(/^[234]\d{4}$/) })
    expect(declined!.source).toMatchObject({ avs_check: expect.any(String), cvv_check: expect.any(String), scheme: expect.any(String), bin: expect.any(String) })
  })

  it('summarises every action with its amount, so no /actions call is needed', async () => {
    const { items } = await walk({ ...window, limit: 1000, query: "status:'Partially Refunded'" })
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) {
      const stored = t.sim.ctx.state.payments[item.id]!
      expect(item.actions!.map((a) => `${a.type}:${a.amount}`)).toEqual([...stored.actions].reverse().map((a) => `${a.type}:${a.amount}`))
      expect(item.balances!.total_refunded).toBeGreaterThan(0)
    }
  })

  it('filters by the documented subset of the query language', async () => {
    const sample = inWindow().find((p) => p.reference && p.customerId && p.sourceId)!
    const card = t.sim.ctx.state.sources[sample.sourceId!]!
    const email = t.sim.ctx.state.customers[sample.customerId!]!.email
    expect((await client.searchPayments({ ...window, limit: 10, query: `reference:'${sample.reference}'` })).data.map((p) => p.id)).toContain(sample.id)
    expect((await client.searchPayments({ ...window, limit: 10, query: `id:${sample.id}` })).data.map((p) => p.id)).toEqual([sample.id])
    const byEmail = (await walk({ ...window, limit: 1000, query: `email:"${email.toUpperCase()}" AND last4:'${card.last4}'` })).items
    expect(byEmail.map((p) => p.id)).toContain(sample.id)
    expect(byEmail.every((p) => p.customer?.email === email && p.source?.last4 === card.last4)).toBe(true)
    const several = inWindow().slice(0, 3).map((p) => p.id)
    expect((await client.searchPayments({ ...window, limit: 10, query: `id:['${several[0]}', "${several[1]}", ${several[2]}]` })).data.map((p) => p.id).sort()).toEqual([...several].sort())
    const declines = (await walk({ ...window, limit: 1000, query: 'status:Declined and currency:gbp' })).items
    expect(declines.length).toBe(inWindow().filter((p) => p.status === 'Declined' && p.currency === 'GBP').length)
  })

  it('refuses what the API refuses, with error codes', async () => {
    expect(await search({ limit: 0 })).toMatchObject({ status: 422, body: { error_codes: ['limit_invalid'] } })
    expect(await search({ limit: 1001 })).toMatchObject({ status: 422 })
    expect(await search({ from: window.from })).toMatchObject({ status: 422, body: { error_codes: ['from_invalid'] } })
    expect(await search({ query: 'x'.repeat(1025) })).toMatchObject({ status: 422, body: { error_codes: ['query_invalid'] } })
    expect(await search({ query: "colour:'red'" })).toMatchObject({ status: 422, body: { error_codes: ['query_invalid'] } })
    expect(await search({ sort: 'asc' })).toMatchObject({ status: 422, body: { error_codes: ['sort_not_allowed'] } })
    expect(await t.api('POST', '/payments/search/next?token=bogus', { limit: 10 }, { check: false })).toMatchObject({ status: 422, body: { error_codes: ['pagination_token_invalid'] } })
    expect(await t.api('POST', '/payments/search', { limit: 10 }, { key: 'sk_sbox_wrongwrongwrongwrongwrongwrong', check: false })).toMatchObject({ status: 401 })
  })

  it('continues by GET on the next link too, with the same results as by POST', async () => {
    const first = await search({ ...window, limit: 50 })
    const href: string = first.body._links.next.href
    const byGet = await t.api('GET', new URL(href).pathname + new URL(href).search, undefined, { check: false })
    const byPost = await t.api('POST', new URL(href).pathname + new URL(href).search, { ...window, limit: 50 }, { check: false })
    expect(byGet.status).toBe(200)
    expect(byGet.body.data.map((p: { id: string }) => p.id)).toEqual(byPost.body.data.map((p: { id: string }) => p.id))
    // A token belongs to its request: another body with it is refused.
    expect(await t.api('POST', new URL(href).pathname + new URL(href).search, { ...window, limit: 51 }, { check: false })).toMatchObject({ status: 422 })
  })

  it('says which scope to add when the key may not search', async () => {
    const sim = await startSimulator({ scopes: { search: false } })
    const restricted = new CheckoutClient({ baseUrl: sim.url, secretKey: sim.secretKey, logger: memoryLogger(), retry: { attempts: 1 } })
    try {
      await expect(restricted.searchPayments({ ...window, limit: 10 })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('payments:search scope') })
      // The key itself still works for everything else.
      await expect(restricted.listPaymentsByReference('none')).resolves.toMatchObject({ total_count: 0 })
    } finally {
      await restricted.close()
      await sim.close()
    }
  })
})
