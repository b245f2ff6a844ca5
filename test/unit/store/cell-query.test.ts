import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { responseCategory } from '../../../src-main/reference/codes'
import { dayOf } from '../../../src-main/reference/time-zone'
import { mostAttempted, rangeParts, readCellDays, readCells } from '../../../src-main/store/cell-query'
import { CELL_MEASURE_NAMES, type CellDimension } from '../../../src-main/store/payment-cells'
import type { NewPaymentRow } from '../../../src-main/store/payments-database'
import { openPaymentsStore } from '../../../src-main/store/payments-store'

// Every figure read from payment_cells equals the same figure computed naively over the rows,
// for random payments, ranges, zones and later changes to the payments.

let dir: string
let store: Awaited<ReturnType<typeof openPaymentsStore>>
const rows = new Map<string, NewPaymentRow>()

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = random(20261129)
const pick = <T,>(values: readonly T[]): T => values[Math.floor(rand() * values.length)]!

// 45 days around both autumn clock changes (Europe 25 Oct, US 1 Nov 2026).
const START = Date.parse('2026-10-10T00:00:00Z')
const SPAN = 45 * 86_400_000

function randomPayment(i: number): NewPaymentRow {
  const outcome = pick([1, 1, 1, 0, 0, null] as const)
  const code = outcome === 1 ? pick(['10000', '10008']) : outcome === 0 ? pick(['20051', '20005', '30004', '40101', '50001', '29999']) : null
  const amount = Math.floor(rand() * 50_000)
  return {
    id: `pay_${String(i).padStart(26, '0')}`,
    created_at: new Date(START + Math.floor(rand() * SPAN / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    processed_at: null,
    amount,
    currency: pick(['GBP', 'EUR', 'JPY']),
    status: outcome === 1 ? pick(['Captured', 'Authorized'] as const) : outcome === 0 ? 'Declined' : 'Pending',
    approved: outcome,
    response_code: code,
    response_summary: null,
    scheme: pick(['Visa', 'Mastercard', null]),
    card_type: pick(['Credit', 'Debit']),
    bin: pick(['424242', '555555', '37828200']),
    last4: '4242',
    issuer_country: pick(['GB', 'US', 'IN', null]),
    avs_check: pick(['Y', 'N', 'S', null]),
    cvv_check: pick(['Y', 'D']),
    risk_flagged: pick([0, 0, 1] as const),
    reference: null,
    customer_id: null,
    customer_email: null,
    source_id: null,
    payment_type: pick(['Regular', 'MOTO']),
    auth_code: null,
    customer_name: null,
    card_expiry_month: null,
    card_expiry_year: null,
    card_fingerprint: null,
    billing_country: null,
    three_ds: pick([0, 1] as const),
    captured_amount: 0,
    refunded_amount: 0,
    raw_json: `{"n":${i}}`,
    fetched_at: '2026-11-29T00:00:00Z',
  }
}

function write(row: NewPaymentRow) {
  store.writer.transaction(() => store.writer.upsertPayment(row))
  rows.set(row.id, row)
}

/** A row's value of a dimension, as the cells define it, computed in JS. */
function naiveDim(row: NewPaymentRow, dim: CellDimension): string {
  switch (dim) {
    case 'outcome':
      return row.approved === 1 ? 'approved' : row.approved === 0 ? 'declined' : 'pending'
    case 'category':
      return row.response_code ? responseCategory(row.response_code) : ''
    case 'response_code':
      return row.response_code ?? ''
    case 'bin':
      return row.bin?.slice(0, 6) ?? ''
    case 'flagged':
      return String(row.risk_flagged)
    case 'three_ds':
      return String(row.three_ds)
    case 'avs':
      return row.avs_check ?? ''
    case 'cvv':
      return row.cvv_check ?? ''
    default:
      return (row[dim] as string | null) ?? ''
  }
}

function naive(query: { by: CellDimension[]; where?: Partial<Record<CellDimension, string[]>>; from: number | null; to: number | null; zone?: string }, money: boolean) {
  const groups = new Map<string, Record<string, string | number>>()
  for (const row of rows.values()) {
    const at = Date.parse(row.created_at)
    if ((query.from !== null && at < query.from) || (query.to !== null && at >= query.to)) continue
    if (Object.entries(query.where ?? {}).some(([dim, values]) => !values.includes(naiveDim(row, dim as CellDimension)))) continue
    const keys: Record<string, string> = Object.fromEntries(query.by.map((d) => [d, naiveDim(row, d)]))
    if (query.zone) keys.day = dayOf(at, query.zone)
    const key = JSON.stringify(keys)
    const sum = groups.get(key) ?? { ...keys, ...Object.fromEntries(CELL_MEASURE_NAMES.map((m) => [m, 0])) }
    sum.count = Number(sum.count) + 1
    if (money) {
      sum.amount = Number(sum.amount) + row.amount
      sum.captured = Number(sum.captured) + (row.captured_amount ?? 0)
      sum.refunded = Number(sum.refunded) + (row.refunded_amount ?? 0)
    }
    groups.set(key, sum)
  }
  return sortRows([...groups.values()])
}

const canonical = (r: Record<string, unknown>) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]))
const sortRows = (list: Record<string, unknown>[]) => list.map((r) => ({ ...r })).sort((a, b) => canonical(a).localeCompare(canonical(b)))

const QUERIES: { by: CellDimension[]; where?: Partial<Record<CellDimension, string[]>>; money: boolean }[] = [
  { by: ['currency', 'outcome'], money: true },
  { by: ['currency', 'outcome'], where: { status: ['Captured'] }, money: true },
  { by: ['currency'], where: { currency: ['JPY'] }, money: true },
  { by: ['outcome', 'category', 'response_code'], money: false },
  { by: ['outcome', 'issuer_country'], money: false },
  { by: ['bin', 'outcome'], where: { outcome: ['declined'] }, money: false },
  // A few BINs: their pieces under a bucket counted through the BIN index, pending included.
  { by: ['outcome', 'bin'], where: { bin: ['424242', '378282'] }, money: false },
  { by: ['bin'], where: { bin: ['555555'], outcome: ['approved', 'pending'] }, money: false },
  { by: ['avs', 'cvv', 'scheme', 'outcome'], money: false },
  { by: ['payment_type', 'three_ds', 'flagged'], money: false },
  { by: ['scheme', 'card_type', 'category'], money: false },
]

function randomRange(): { from: number | null; to: number | null } {
  const instant = () => START - 86_400_000 + Math.floor(rand() * (SPAN + 2 * 86_400_000) / 1000) * 1000
  const kind = rand()
  if (kind < 0.1) return { from: null, to: null }
  if (kind < 0.2) return { from: instant(), to: null }
  if (kind < 0.3) return { from: null, to: instant() }
  if (kind < 0.35) {
    const at = instant()
    return { from: at, to: at } // empty
  }
  const [a, b] = [instant(), instant()].sort((x, y) => x - y)
  return { from: a!, to: b! }
}

async function expectAllEqual() {
  for (let i = 0; i < 40; i++) {
    const range = randomRange()
    for (const q of QUERIES) {
      const got = await readCells(store.db, { ...q, ...range })
      expect(got, `no cut for ${JSON.stringify(q)}`).not.toBeNull()
      const want = naive({ ...q, ...range }, q.money)
      expect(sortRows(got!.map((r) => (q.money ? r : { ...r, amount: 0, captured: 0, refunded: 0 })).map((r) => ({ ...r, fee_micro: 0, fee_count: 0 }))), JSON.stringify({ q, range })).toEqual(want)
    }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paydesk-cells-'))
  store = await openPaymentsStore(join(dir, 'payments.sqlite'))
  for (let i = 0; i < 1500; i++) write(randomPayment(i))
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('payment_cells read back', () => {
  it('equal a naive computation over the payments for random ranges (open, empty, off the hour) and groupings', async () => {
    await expectAllEqual()
  })

  it('stay equal after payments change once counted: a capture, a refund, a late decline, a correction of the time', async () => {
    const ids = [...rows.keys()]
    for (const id of ids.slice(0, 300)) {
      const row = { ...rows.get(id)!, raw_json: `{"changed":"${id}"}` }
      const change = rand()
      if (row.approved === 1 && change < 0.4) Object.assign(row, { status: 'Captured', captured_amount: row.amount })
      else if (row.approved === 1 && change < 0.7) Object.assign(row, { status: 'Refunded', captured_amount: row.amount, refunded_amount: Math.floor(row.amount / 2) })
      else if (change < 0.85) Object.assign(row, { approved: 0, status: 'Declined', response_code: '20051' })
      else Object.assign(row, { created_at: new Date(Date.parse(row.created_at) + 5_400_000).toISOString().replace('.000Z', 'Z') })
      write(row)
    }
    await expectAllEqual()
  })

  it('stay equal while a first sync loads in bulk (read from the payments then) and after it rebuilds the cells', async () => {
    expect(store.bulkLoad.begin()).toBe(true)
    for (let i = 1500; i < 2300; i++) write(randomPayment(i))
    const moved = { ...rows.get([...rows.keys()][7]!)!, approved: 0 as const, status: 'Declined' as const, response_code: '20005', raw_json: '{"late":1}' }
    write(moved)
    await expectAllEqual()
    const days = await readCellDays(store.db, { by: ['response_code'], from: START, to: START + SPAN, zone: 'Asia/Kolkata' })
    expect(sortRows(days!.map((r) => ({ ...r, amount: 0, captured: 0, refunded: 0, fee_micro: 0, fee_count: 0 })))).toEqual(naive({ by: ['response_code'], from: START, to: START + SPAN, zone: 'Asia/Kolkata' }, false))
    store.bulkLoad.end()
    expect(store.sqlite.prepare("select count(*) as n from payment_cells where cut = 'codes'").get()).not.toEqual({ n: 0 })
    await expectAllEqual()
  })

  it('per calendar day equal a naive grouping in UTC+5:30, UTC-8, across a DST change, and for a range starting off the hour', async () => {
    for (const zone of ['Asia/Kolkata', 'America/Los_Angeles', 'Europe/London', 'UTC', 'Asia/Kathmandu']) {
      for (const range of [
        { from: START, to: START + SPAN },
        { from: Date.parse('2026-10-20T13:17:05Z'), to: Date.parse('2026-11-05T02:45:00Z') },
        { from: Date.parse('2026-10-20T00:00:00Z'), to: Date.parse('2026-10-20T00:00:00Z') },
      ]) {
        const bins = { by: ['bin', 'outcome'] as CellDimension[], where: { bin: ['424242', '378282'] }, money: false, cut: 'bins' as const }
        for (const q of [QUERIES[3]!, QUERIES[0]!, { by: ['response_code'] as CellDimension[], where: { outcome: ['declined'], response_code: ['20051', '20005'] }, money: false }, bins]) {
          const got = await readCellDays(store.db, { ...q, ...range, zone })
          const want = naive({ ...q, ...range, zone }, q.money)
          expect(sortRows(got!.map((r) => ({ ...r, ...(q.money ? {} : { amount: 0, captured: 0, refunded: 0 }), fee_micro: 0, fee_count: 0 }))), `${zone} ${JSON.stringify(range)}`).toEqual(want)
        }
      }
    }
  })
})

describe('ranges read against the stored payments\' extent (all time less what lies outside)', () => {
  const extentOfRows = () => {
    const times = [...rows.values()].map((r) => Date.parse(r.created_at))
    return { first: Math.min(...times), last: Math.max(...times) }
  }
  /** Instants around the first and the last payment: before, on, just after, and far off. */
  const nearEdges = () => {
    const { first, last } = extentOfRows()
    const near = (t: number) => t + pick([-86_400_000, -3 * 3_600_000, -1_000, 0, 1_000, 5_400_000, 2 * 86_400_000])
    return [near(first), near(last), near(first + Math.floor(rand() * (last - first)))]
  }

  it('equal a naive computation for ranges that start or end beyond the first or last payment', async () => {
    for (let i = 0; i < 40; i++) {
      const [a, b] = pick([nearEdges().slice(0, 2), nearEdges().slice(1), [nearEdges()[0]!, nearEdges()[2]!]]).sort((x, y) => x - y)
      for (const q of QUERIES) {
        const got = await readCells(store.db, { ...q, from: a!, to: b! })
        expect(sortRows(got!.map((r) => (q.money ? r : { ...r, amount: 0, captured: 0, refunded: 0 })).map((r) => ({ ...r, fee_micro: 0, fee_count: 0 }))), JSON.stringify({ q, a, b })).toEqual(naive({ ...q, from: a!, to: b! }, q.money))
      }
    }
  })

  it('are read again when a payment is written outside the extent between the plan and the read', async () => {
    const { first, last } = extentOfRows()
    // Days that hold every payment and more: each end is read as open (all time, less nothing).
    const range = { from: first - 86_400_000, to: last + 86_400_000 }
    let n = 0
    const writeOutside: KyselyPlugin = {
      transformQuery: ({ node }) => {
        // Just before the grouped statement runs: a sync writing alongside would land here.
        if (n < 2 && JSON.stringify(node).includes('json_group_array')) write({ ...randomPayment(9000 + n), created_at: new Date(n++ === 0 ? range.from - 60_000 : range.to + 60_000).toISOString().replace('.000Z', 'Z') })
        return node
      },
      transformResult: async ({ result }) => result,
    }
    const db = store.db.withPlugin(writeOutside)
    const want = () => naive({ by: ['bin', 'outcome'], where: { outcome: ['approved', 'declined'] }, ...range }, false)
    const got = await mostAttempted(db, 'bin', range.from, range.to, 3)
    expect(n).toBeGreaterThan(0)
    const attempts = new Map<string, number>()
    for (const row of want()) attempts.set(row.bin as string, (attempts.get(row.bin as string) ?? 0) + (row.count as number))
    expect(got!.map((c) => [c.value, c.attempts])).toEqual([...attempts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 3))
    const cells = await readCells(db, { by: ['bin', 'outcome'], where: { outcome: ['approved', 'declined'] }, ...range })
    expect(n).toBe(2)
    expect(sortRows(cells!.map((r) => ({ ...r, amount: 0, captured: 0, refunded: 0, fee_micro: 0, fee_count: 0 })))).toEqual(want())
  })
})

describe('the most attempted values', () => {
  it('are ranked as a naive count ranks them (attempts, then code point order), with their approvals, for random ranges', async () => {
    for (let i = 0; i < 30; i++) {
      const range = randomRange()
      for (const dim of ['bin', 'issuer_country', 'scheme'] as const) {
        const counts = naive({ by: [dim, 'outcome'], where: { outcome: ['approved', 'declined'] }, ...range }, false)
        const values = new Map<string, { value: string; attempts: number; approved: number }>()
        for (const row of counts) {
          const entry = values.get(row[dim] as string) ?? { value: row[dim] as string, attempts: 0, approved: 0 }
          entry.attempts += row.count as number
          if (row.outcome === 'approved') entry.approved += row.count as number
          values.set(entry.value, entry)
        }
        const want = [...values.values()].sort((a, b) => b.attempts - a.attempts || (a.value < b.value ? -1 : 1)).slice(0, 3)
        expect(await mostAttempted(store.db, dim, range.from, range.to, 3), `${dim} ${JSON.stringify(range)}`).toEqual(want)
      }
    }
  })
})

describe('a range in buckets', () => {
  const H = 3_600_000
  it('is the fewest whole buckets, each added or taken away, with raw pieces under an hour at the ends', () => {
    const from = Date.parse('2026-09-29T22:30:00Z') // a Tuesday
    const to = Date.parse('2026-12-02T01:15:00Z')
    const at = (t: string) => Date.parse(t) / H
    expect(rangeParts(from, to, ['h', 'd', 'w'])).toEqual([
      // The week from Monday 28 September, less its Monday and Tuesday, plus Tuesday's last hour and a half.
      { grain: 'w', lo: at('2026-09-28T00:00:00Z'), hi: at('2026-11-30T00:00:00Z') },
      { grain: 'd', lo: at('2026-09-28T00:00:00Z'), hi: at('2026-09-30T00:00:00Z'), sign: -1 },
      { grain: 'h', lo: at('2026-09-29T23:00:00Z'), hi: at('2026-09-30T00:00:00Z') },
      { raw: true, from, to: Date.parse('2026-09-29T23:00:00Z') },
      { grain: 'd', lo: at('2026-11-30T00:00:00Z'), hi: at('2026-12-02T00:00:00Z') },
      { grain: 'h', lo: at('2026-12-02T00:00:00Z'), hi: at('2026-12-02T01:00:00Z') },
      { raw: true, from: Date.parse('2026-12-02T01:00:00Z'), to },
    ])
  })

  it('reads a whole day and takes away its shorter side where a cut without hours would read most of a day raw', () => {
    // The last 30 days in Asia/Kolkata (+5:30): its days start at 18:30 UTC.
    const from = Date.parse('2026-10-01T18:30:00Z')
    const to = Date.parse('2026-10-31T18:30:00Z')
    const parts = rangeParts(from, to, ['d', 'w'])
    expect(parts).toContainEqual({ raw: true, from, to: Date.parse('2026-10-02T00:00:00Z') })
    expect(parts).toContainEqual({ raw: true, from: to, to: Date.parse('2026-11-01T00:00:00Z'), sign: -1 })
    const rawHours = parts.reduce((sum, p) => sum + ('raw' in p ? (p.to! - p.from!) / H : 0), 0)
    expect(rawHours).toBe(11)
  })

  it('reads a month whole less the days it holds outside the range, and all time as one bucket', () => {
    const at = (t: string) => Date.parse(t) / H
    // 2 to 31 October in Asia/Kolkata, for a cut with days, weeks, months and all time (BINs).
    const from = Date.parse('2026-10-02T18:30:00Z')
    const to = Date.parse('2026-10-31T18:30:00Z')
    expect(rangeParts(from, to, ['d', 'w', 'm', 'a'])).toEqual([
      { grain: 'm', lo: at('2026-10-01T00:00:00Z'), hi: at('2026-11-01T00:00:00Z') },
      { grain: 'd', lo: at('2026-10-01T00:00:00Z'), hi: at('2026-10-03T00:00:00Z'), sign: -1 },
      { raw: true, from, to: Date.parse('2026-10-03T00:00:00Z') },
      { raw: true, from: to, to: Date.parse('2026-11-01T00:00:00Z'), sign: -1 },
    ])
    expect(rangeParts(null, null, ['d', 'w', 'm', 'a'])).toEqual([{ grain: 'a', lo: null, hi: null }])
    // A range open at one end is read in the coarsest grain from its finite end.
    expect(rangeParts(null, Date.parse('2026-10-20T00:00:00Z'), ['d', 'w', 'm', 'a'])).toEqual([
      { grain: 'm', lo: null, hi: at('2026-11-01T00:00:00Z') },
      { grain: 'w', lo: at('2026-10-19T00:00:00Z'), hi: at('2026-11-02T00:00:00Z'), sign: -1 },
      { grain: 'd', lo: at('2026-10-19T00:00:00Z'), hi: at('2026-10-20T00:00:00Z') },
      { grain: 'd', lo: at('2026-11-01T00:00:00Z'), hi: at('2026-11-02T00:00:00Z') },
    ])
  })

  it('reads a quarter day less an hour, not five hours, where a cut has quarter days (a Kolkata day boundary)', () => {
    const at = (t: string) => Date.parse(t) / H
    // 19:00 to midnight UTC: what lies between 18:30 (midnight in Kolkata) and the UTC midnight, but its half hour.
    expect(rangeParts(Date.parse('2026-10-02T19:00:00Z'), Date.parse('2026-10-03T00:00:00Z'), ['h', 'q'])).toEqual([
      { grain: 'q', lo: at('2026-10-02T18:00:00Z'), hi: at('2026-10-03T00:00:00Z') },
      { grain: 'h', lo: at('2026-10-02T18:00:00Z'), hi: at('2026-10-02T19:00:00Z'), sign: -1 },
    ])
    // Midnight to 07:00 UTC (midnight in California in summer): a quarter and an hour.
    expect(rangeParts(Date.parse('2026-07-02T00:00:00Z'), Date.parse('2026-07-02T07:00:00Z'), ['h', 'q', 'd'])).toEqual([
      { grain: 'q', lo: at('2026-07-02T00:00:00Z'), hi: at('2026-07-02T06:00:00Z') },
      { grain: 'h', lo: at('2026-07-02T06:00:00Z'), hi: at('2026-07-02T07:00:00Z') },
    ])
  })

  it('with the stored extent, reads a range holding the first payment as all time less what lies after it', () => {
    const at = (t: string) => Date.parse(t) / H
    // The last 90 days in Asia/Kolkata of a history from 3 August to 1 November (UTC): nothing
    // before the range, the 5.5 hours after its end a quarter less half an hour.
    const extent = { first: Date.parse('2026-08-03T00:00:00Z'), last: Date.parse('2026-10-31T23:59:59Z') }
    const to = Date.parse('2026-10-31T18:30:00Z')
    expect(rangeParts(Date.parse('2026-08-02T18:30:00Z'), to, ['q', 'd', 'w', 'm', 'a'], extent)).toEqual([
      { grain: 'a', lo: null, hi: null },
      { grain: 'q', lo: at('2026-10-31T18:00:00Z'), hi: null, sign: -1 },
      { raw: true, from: Date.parse('2026-10-31T18:00:00Z'), to },
    ])
    // Without the extent, the same range is three months less what they hold outside it.
    expect(rangeParts(Date.parse('2026-08-02T18:30:00Z'), to, ['q', 'd', 'w', 'm', 'a'])[0]).toEqual({ grain: 'm', lo: at('2026-08-01T00:00:00Z'), hi: at('2026-11-01T00:00:00Z') })
    // A long history: three months of cells, not all time less two years.
    expect(rangeParts(Date.parse('2026-08-01T00:00:00Z'), Date.parse('2026-11-01T00:00:00Z'), ['q', 'd', 'w', 'm', 'a'], { first: Date.parse('2024-01-01T00:00:00Z'), last: Date.parse('2026-12-03T10:00:00Z') })).toEqual([{ grain: 'm', lo: at('2026-08-01T00:00:00Z'), hi: at('2026-11-01T00:00:00Z') }])
    // Outside the extent, or with no payments: nothing to read.
    expect(rangeParts(Date.parse('2026-07-01T00:00:00Z'), Date.parse('2026-08-03T00:00:00Z'), ['q', 'd', 'w', 'm', 'a'], extent)).toEqual([])
    expect(rangeParts(Date.parse('2026-08-01T00:00:00Z'), Date.parse('2026-11-01T00:00:00Z'), ['q', 'd', 'w', 'm', 'a'], null)).toEqual([])
  })

  it('is one raw piece inside an hour, nothing when empty, and open-ended weeks without bounds', () => {
    const at = Date.parse('2026-10-01T10:10:00Z')
    expect(rangeParts(at, at + 60_000, ['h', 'd'])).toEqual([{ raw: true, from: at, to: at + 60_000 }])
    expect(rangeParts(at, at, ['h', 'd'])).toEqual([])
    expect(rangeParts(null, null, ['h', 'd', 'w'])).toEqual([{ grain: 'w', lo: null, hi: null }])
  })
})
