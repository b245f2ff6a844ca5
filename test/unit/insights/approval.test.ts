import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/app/dispatch'
import { handlers } from '../../../src-main/app/handler-map'
import type { CallInput, CallName, CallOutput } from '../../../src-main/contract'
import { approvalRate, bucketDays } from '../../../src-main/reference/approval-series'
import { addDays, daysRange } from '../../../src-main/reference/time-zone'
import { insertBulkPayments } from '../../fixtures/bulk-payments'
import { makeTestApp } from '../../fixtures/app-context'

// The approval series through the contract equal a naive count from the payments table, day by
// day in the zone, for every dimension (BINs from their day cells and index, the rest from the cells), in
// weeks and months, for the period before, and for days with nothing attempted (a gap, not 0%).

let app: Awaited<ReturnType<typeof makeTestApp>>
const END = Date.parse('2026-11-01T00:00:00Z')

async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result = await dispatch(handlers, app.registry, name, input)
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value as CallOutput<K>
}

/** The dimension's value as the cells define it, in SQL over the payments table. */
const COLUMN = {
  currency: 'currency',
  scheme: "coalesce(scheme, '')",
  card_type: "coalesce(card_type, '')",
  issuer_country: "coalesce(issuer_country, '')",
  bin: "coalesce(substr(bin, 1, 6), '')",
  payment_type: "coalesce(payment_type, '')",
  three_ds: 'cast(three_ds as text)',
} as const

/** Approved and attempted payments of `day` in `zone` straight from the table, optionally of one value. */
function naiveDay(day: string, zone: string, by?: keyof typeof COLUMN, value?: string) {
  const { from, to } = daysRange(day, day, zone)
  const where = by ? ` and ${COLUMN[by]} = ?` : ''
  const row = app
    .paymentsSql()
    .prepare(`select count(*) filter (where approved = 1) as approved, count(*) filter (where approved is not null) as attempts from payments where created_at >= ? and created_at < ?${where}`)
    .get(from.replace('.000Z', 'Z'), to.replace('.000Z', 'Z'), ...(by ? [value] : [])) as { approved: number; attempts: number }
  return row
}

beforeAll(async () => {
  app = await makeTestApp()
  const { sqlite } = app.registry.store() as unknown as { sqlite: import('better-sqlite3').Database }
  insertBulkPayments(sqlite, 12_000, { endAt: END, days: 40, spread: 'realistic' })
})
afterAll(() => app.dispose())

describe('approval series', () => {
  for (const zone of ['Asia/Kolkata', 'America/Los_Angeles', 'Europe/London']) {
    it(`per day in ${zone} equal a naive count for every dimension, with the rest as other`, async () => {
      const period = { first: '2026-10-10', last: '2026-10-31', timeZone: zone }
      for (const by of Object.keys(COLUMN) as (keyof typeof COLUMN)[]) {
        const got = await call('insights.approval', { ...period, grain: 'day', by, previous: false })
        expect(got.series.length, by).toBeGreaterThan(0)
        expect(got.series.length, by).toBeLessThanOrEqual(6)
        // The series are the most attempted values, in order.
        expect(got.series.map((s) => s.value)).toEqual(got.choices.slice(0, got.series.length).map((c) => c.value))
        got.buckets.forEach((bucket, i) => {
          const all = naiveDay(bucket.key, zone)
          expect({ approved: got.total.approved[i], attempts: got.total.attempts[i] }, `${by} ${bucket.key}`).toEqual(all)
          let shown = { approved: 0, attempts: 0 }
          for (const s of got.series) {
            const want = naiveDay(bucket.key, zone, by, s.value)
            expect({ approved: s.approved[i], attempts: s.attempts[i] }, `${by}=${s.value} ${bucket.key}`).toEqual(want)
            shown = { approved: shown.approved + want.approved, attempts: shown.attempts + want.attempts }
          }
          expect({ approved: got.other?.approved[i] ?? 0, attempts: got.other?.attempts[i] ?? 0 }).toEqual({ approved: all.approved - shown.approved, attempts: all.attempts - shown.attempts })
        })
      }
    })
  }

  it('gathers days into weeks from Monday and calendar months, partial at the period’s ends, and gives the period before', async () => {
    const zone = 'Asia/Kolkata'
    const input = { first: '2026-10-07', last: '2026-10-30', timeZone: zone, by: 'scheme' as const, values: ['Visa', 'Mastercard'], previous: true }
    const days = await call('insights.approval', { ...input, grain: 'day' })
    const weeks = await call('insights.approval', { ...input, grain: 'week' })
    expect(weeks.buckets[0]).toEqual({ key: '2026-10-05', first: '2026-10-07', last: '2026-10-11' })
    expect(weeks.buckets.at(-1)).toEqual({ key: '2026-10-26', first: '2026-10-26', last: '2026-10-30' })
    const { indexOfDay } = bucketDays(days.buckets.map((b) => b.key), 'week')
    weeks.series.forEach((s, k) => {
      const summed = weeks.buckets.map((_, w) => days.series[k]!.attempts.reduce((sum, n, d) => sum + (indexOfDay[d] === w ? n : 0), 0))
      expect(s.attempts).toEqual(summed)
    })
    const months = await call('insights.approval', { ...input, first: '2026-09-25', grain: 'month' })
    expect(months.buckets.map((b) => [b.key, b.first, b.last])).toEqual([
      ['2026-09-01', '2026-09-25', '2026-09-30'],
      ['2026-10-01', '2026-10-01', '2026-10-30'],
    ])
    // The period before: as many days, just before, same values.
    expect(days.previous).not.toBeNull()
    expect([days.previous!.first, days.previous!.last]).toEqual(['2026-09-13', '2026-10-06'])
    expect(days.previous!.series.map((s) => s.value)).toEqual(['Visa', 'Mastercard'])
    days.previous!.buckets.forEach((bucket, i) => expect(days.previous!.series[0]!.attempts[i]).toBe(naiveDay(bucket.key, zone, 'scheme', 'Visa').attempts))
  })

  it('shows a day with nothing attempted as a gap, not 0%', async () => {
    // Days after the last payment: buckets with no attempts.
    const got = await call('insights.approval', { first: '2026-10-30', last: addDays('2026-11-01', 3), timeZone: 'UTC', grain: 'day', by: 'all', previous: false })
    const empty = got.buckets.findIndex((b) => b.key === '2026-11-02')
    expect(got.total.attempts[empty]).toBe(0)
    expect(approvalRate(got.total.approved[empty]!, got.total.attempts[empty]!)).toBeNull()
    const busy = got.buckets.findIndex((b) => b.key === '2026-10-30')
    expect(approvalRate(got.total.approved[busy]!, got.total.attempts[busy]!)).toBeCloseTo(naiveDay('2026-10-30', 'UTC').approved / naiveDay('2026-10-30', 'UTC').attempts, 12)
  })

  it('stays equal while a first sync loads in bulk (the cells and the BIN index set aside)', async () => {
    const store = app.registry.store()
    expect(store.bulkLoad.begin()).toBe(true)
    try {
      const period = { first: '2026-10-20', last: '2026-10-25', timeZone: 'Asia/Kolkata', grain: 'day' as const, previous: false }
      for (const by of ['bin', 'scheme'] as const) {
        const got = await call('insights.approval', { ...period, by })
        got.buckets.forEach((bucket, i) => expect(got.series[0]!.attempts[i]).toBe(naiveDay(bucket.key, period.timeZone, by, got.series[0]!.value).attempts))
      }
    } finally {
      store.bulkLoad.end()
    }
  })
})
