import { approvalSeries } from '../../src-main/insights/approval'
import { APPROVAL_BY } from '../../src-main/insights/contract'
import { checkCells } from '../../src-main/insights/checks'
import { declineCodes, declineSlice, declineTrend } from '../../src-main/insights/declines'
import { DECLINE_SLICES, type Period } from '../../src-main/insights/contract'
import { resolvePeriod } from '../../src-main/insights/period'
import { dispatch } from '../../src-main/app/dispatch'
import { handlers } from '../../src-main/app/handler-map'
import { openBenchApp, time } from './list.bench'
import { report } from './measure'

// Each insights breakdown on the large store (a merchant's spread over 90 days), for the last
// 30 days in a half-hour zone (its day edges read raw) and for all time; then a whole call.
export async function benchInsights(dataDir: string, runs: number, label: string, lastDay: string): Promise<void> {
  const app = await openBenchApp(dataDir)
  try {
    const db = app.registry.store().db
    const zone = 'Asia/Kolkata'
    const first = new Date(Date.parse(lastDay) - 29 * 86_400_000).toISOString().slice(0, 10)
    const periods: [string, Period][] = [
      ['last 30 days', { first, last: lastDay, timeZone: zone }],
      ['all', { first: null, last: null, timeZone: zone }],
    ]
    for (const [name, period] of periods) {
      const { now, previous, resolved } = resolvePeriod(period)
      report(`insights (${label}, ${name}): declines by code`, await time(() => declineCodes(db, now, null), runs), 'ms')
      if (resolved.previous) report(`insights (${label}, ${name}): declines by code + period before`, await time(() => declineCodes(db, now, previous), runs), 'ms')
      for (const slice of DECLINE_SLICES) report(`insights (${label}, ${name}): declines by ${slice}`, await time(() => declineSlice(db, slice, now, null), runs), 'ms')
      const codes = (await declineCodes(db, now, null)).codes.slice(0, 5).map((c) => c.code)
      report(`insights (${label}, ${name}): top 5 codes per day`, await time(() => declineTrend(db, codes, period, new Date(Date.parse(lastDay) + 86_400_000)), runs), 'ms')
      report(`insights (${label}, ${name}): AVS x CVV x scheme`, await time(() => checkCells(db, period), runs), 'ms')
      report(`insights (${label}, ${name}): whole declines call`, await time(() => dispatch(handlers, app.registry, 'insights.declines', period), runs), 'ms')
    }
    // The approval charts' data call (through dispatch, as the screen makes it): 90 days, the
    // most attempted six values of each dimension and the period before, in a whole-hour zone and
    // in a half-hour one (whose day boundaries cut hours: half an hour a day read from the payments).
    const ninety = new Date(Date.parse(lastDay) - 89 * 86_400_000).toISOString().slice(0, 10)
    for (const timeZone of ['Europe/London', 'Asia/Kolkata']) {
      for (const by of APPROVAL_BY) {
        const input = { first: ninety, last: lastDay, timeZone, grain: 'day' as const, by, previous: true }
        const series = (await approvalSeries(db, input, new Date(Date.parse(lastDay) + 86_400_000))).series.length
        report(`charts (${label}, 90 days, ${timeZone}): approval by ${by}${by === 'all' ? '' : ` (${series} series)`}, with the period before`, await time(() => dispatch(handlers, app.registry, 'insights.approval', input), runs), 'ms')
      }
    }
    const full = await app.registry.store().db.selectFrom('payments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    report(`insights (${label}): naive declines by code, a scan of all ${Number(full.n).toLocaleString()}`, await time(() => db.selectFrom('payments').select(['response_code', (eb) => eb.fn.countAll().as('n')]).where('approved', '=', 0).groupBy('response_code').execute(), runs), 'ms')
  } finally {
    await app.close()
  }
}
