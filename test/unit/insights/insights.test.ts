import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/app/dispatch'
import { handlers } from '../../../src-main/app/handler-map'
import type { CallInput, CallName, CallOutput } from '../../../src-main/contract'
import { daysRange } from '../../../src-main/reference/time-zone'
import { insertBulkPayments } from '../../fixtures/bulk-payments'
import { makeTestApp } from '../../fixtures/app-context'

// The insights through the contract, on payments with a merchant's spread: every figure equals
// a count straight from the payments table, and drilling into the payments list (its totals
// call, with the filter the screen links to) gives the same count.

let app: Awaited<ReturnType<typeof makeTestApp>>
const END = Date.parse('2026-11-01T00:00:00Z')
const zone = 'Asia/Kolkata'

async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result = await dispatch(handlers, app.registry, name, input)
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value as CallOutput<K>
}

beforeAll(async () => {
  app = await makeTestApp()
  // The app's own connection to the store (openPaymentsStore's), so its triggers keep the cells.
  const { sqlite } = app.registry.store() as unknown as { sqlite: import('better-sqlite3').Database }
  insertBulkPayments(sqlite, 20_000, { endAt: END, days: 60, spread: 'realistic' })
})
afterAll(() => app.dispose())

const period = { first: '2026-10-05', last: '2026-10-24', timeZone: zone }

function direct(where: string, range: { from: string; to: string } | null, ...params: unknown[]) {
  const sqlite = app.paymentsSql()
  const bounds = range ? ` and created_at >= '${range.from.replace('.000Z', 'Z')}' and created_at < '${range.to.replace('.000Z', 'Z')}'` : ''
  return (sqlite.prepare(`select count(*) as n from payments where ${where}${bounds}`).get(...params) as { n: number }).n
}

describe('the declines breakdown', () => {
  it('counts each code as the payments table does, and the list drilled into with its filter shows the same count', async () => {
    const result = await call('insights.declines', period)
    const range = daysRange(period.first, period.last, zone)
    expect(result.now.attempts).toBe(direct('approved is not null', range))
    expect(result.now.declined).toBe(direct('approved = 0', range))
    const previous = daysRange('2026-09-15', '2026-10-04', zone)
    expect(result.period.previous).toEqual({ first: '2026-09-15', last: '2026-10-04' })
    expect(result.previous.declined).toBe(direct('approved = 0', previous))
    expect(result.codes.length).toBeGreaterThan(10)
    for (const code of result.codes) {
      expect(code.declined, code.code).toBe(direct('approved = 0 and response_code = ?', range, code.code))
      expect(code.previousDeclined, code.code).toBe(direct('approved = 0 and response_code = ?', previous, code.code))
      const list = await call('payments.totals', { filter: { ...range, outcome: 'declined', responseCode: [code.code] } })
      expect(list.count).toBe(code.declined)
      const amounts = list.byCurrency.map((c) => ({ currency: c.currency, amount: c.gross }))
      expect(code.amounts).toEqual(amounts)
    }
    expect(result.codes.map((c) => c.declined)).toEqual([...result.codes.map((c) => c.declined)].sort((a, b) => b - a))
  })

  it('slices by scheme, card type, country, BIN, currency, type and 3-D Secure with counts equal to the list filtered the same way', async () => {
    const result = await call('insights.declines', period)
    const slices = []
    for (const slice of ['scheme', 'card_type', 'issuer_country', 'bin', 'currency', 'payment_type', 'three_ds'] as const) slices.push(await call('insights.declineSlice', { ...period, slice }))
    const range = daysRange(period.first, period.last, zone)
    const filterOf: Record<string, (v: string) => object> = {
      scheme: (v) => ({ scheme: [v] }),
      card_type: (v) => ({ cardType: [v] }),
      issuer_country: (v) => ({ issuerCountry: [v] }),
      bin: (v) => ({ bin: [v] }),
      currency: (v) => ({ currency: [v] }),
      payment_type: (v) => ({ paymentType: [v] }),
      three_ds: (v) => ({ threeDs: v === '1' }),
    }
    expect(slices.map((s) => s.slice)).toEqual(['scheme', 'card_type', 'issuer_country', 'bin', 'currency', 'payment_type', 'three_ds'])
    for (const slice of slices) {
      for (const row of slice.rows.slice(0, 6)) {
        const declined = await call('payments.totals', { filter: { ...range, outcome: 'declined', ...filterOf[slice.slice]!(row.value) } })
        expect(declined.count, `${slice.slice} ${row.value}`).toBe(row.now.declined)
        const all = await call('payments.totals', { filter: { ...range, ...filterOf[slice.slice]!(row.value) } })
        const pending = await call('payments.totals', { filter: { ...range, outcome: 'pending', ...filterOf[slice.slice]!(row.value) } })
        expect(all.count - pending.count, `${slice.slice} ${row.value}`).toBe(row.now.attempts)
        expect(Object.values(row.declinedBy).reduce((a, b) => a + b, 0)).toBe(row.now.declined)
      }
    }
    const bins = slices.find((s) => s.slice === 'bin')!
    expect(bins.rows).toHaveLength(25)
    expect(bins.others!.now.declined + bins.rows.reduce((n, r) => n + r.now.declined, 0)).toBe(result.now.declined)
  })

  it('gives the top codes per day in the zone, summing to their counts over the period', async () => {
    const result = await call('insights.declines', period)
    expect(result.trend.days[0]).toBe('2026-10-05')
    expect(result.trend.days.at(-1)).toBe('2026-10-24')
    expect(result.trend.series.map((s) => s.code)).toEqual(result.codes.slice(0, 5).map((c) => c.code))
    for (const series of result.trend.series) expect(series.counts.reduce((a, b) => a + b, 0)).toBe(result.codes.find((c) => c.code === series.code)!.declined)
    const day = daysRange('2026-10-10', '2026-10-10', zone)
    expect(result.trend.series[0]!.counts[5]).toBe(direct('approved = 0 and response_code = ?', day, result.trend.series[0]!.code))
  })

  it('covers all time with no previous period, and an empty period with zeros', async () => {
    const all = await call('insights.declines', { first: null, last: null, timeZone: zone })
    expect(all.now.declined).toBe(direct('approved = 0', null))
    expect(all.period.previous).toBeNull()
    expect(all.trend.days.length).toBeLessThanOrEqual(90)
    const none = await call('insights.declines', { first: '2020-01-01', last: '2020-01-31', timeZone: zone })
    expect(none.now).toEqual({ attempts: 0, declined: 0 })
    expect(none.codes).toEqual([])
    const emptySlice = await call('insights.declineSlice', { first: '2020-01-01', last: '2020-01-31', timeZone: zone, slice: 'bin' })
    expect(emptySlice).toEqual({ slice: 'bin', rows: [], others: null })
  })
})

describe('the AVS and CVV checks', () => {
  it('count each AVS x CVV x scheme cell by outcome as the payments table does', async () => {
    const result = await call('insights.checks', period)
    const range = daysRange(period.first, period.last, zone)
    expect(result.cells.reduce((n, c) => n + c.approved + c.declined + c.pending, 0)).toBe(direct('1', range))
    for (const cell of result.cells.filter((c) => c.avs === 'N' || c.cvv === 'D').slice(0, 8)) {
      expect(cell.declined).toBe(direct("approved = 0 and coalesce(avs_check, '') = ? and coalesce(cvv_check, '') = ? and coalesce(scheme, '') = ?", range, cell.avs, cell.cvv, cell.scheme))
      const list = await call('payments.totals', { filter: { ...range, avs: [cell.avs], cvv: [cell.cvv], scheme: [cell.scheme] } })
      expect(list.count).toBe(cell.approved + cell.declined + cell.pending)
    }
  })
})
