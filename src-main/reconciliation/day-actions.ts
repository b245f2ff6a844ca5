import { createWriteStream } from 'node:fs'
import { mkdir, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Kysely } from 'kysely'
import { operatorName } from '../reference/operator'
import { AppError } from '../contract/errors'
import { safeCsvStringifier } from '../csv/safe-csv'
import { formatMinorDecimal } from '../reference/minor-units'
import { dayOf, wallClockText } from '../reference/time-zone'
import type { PaymentsDatabase } from '../store/payments-database'
import type { DayReconciliation } from './contract'
import type { MatchRules } from './matching'
import { needsExplaining, reconcileDay } from './reconcile-day'

// What finance does by hand on a day: link an order to a payment (or undo a match), explain a
// difference, close the day when nothing is left unexplained, reopen it saying why. A closed
// day is locked: nothing changes it until it is reopened, and both are recorded.

async function assertOpen(db: Kysely<PaymentsDatabase>, day: string) {
  const record = await db.selectFrom('recon_days').select(['state', 'by', 'at']).where('day', '=', day).executeTakeFirst()
  if (record?.state === 'closed') throw new AppError('conflict', `${day} was closed by ${record.by} at ${record.at}: reopen it (saying why) to change it.`)
}

export async function setLink(db: Kysely<PaymentsDatabase>, input: { day: string; orderId: string; paymentId: string; kind: 'link' | 'unlink' }, now: Date) {
  await assertOpen(db, input.day)
  const orderId = Number(input.orderId)
  if (!(await db.selectFrom('orders').select('id').where('id', '=', orderId).executeTakeFirst())) throw new AppError('not_found', `There is no order ${input.orderId} on this computer.`)
  if (input.kind === 'link' && !(await db.selectFrom('payments').select('id').where('id', '=', input.paymentId).executeTakeFirst())) throw new AppError('not_found', `There is no payment ${input.paymentId} on this computer: sync, or search for it on the Payments screen first.`)
  const row = { order_id: orderId, payment_id: input.paymentId, kind: input.kind, by: operatorName(), at: now.toISOString() }
  await db.insertInto('recon_links').values(row).onConflict((oc) => oc.columns(['order_id', 'payment_id']).doUpdateSet({ kind: row.kind, by: row.by, at: row.at })).execute()
  return { ok: true as const }
}

export async function explainLine(db: Kysely<PaymentsDatabase>, input: { day: string; lineKey: string; note: string | null }, now: Date) {
  await assertOpen(db, input.day)
  if (input.note === null) await db.deleteFrom('recon_explanations').where('day', '=', input.day).where('line_key', '=', input.lineKey).execute()
  else {
    const row = { day: input.day, line_key: input.lineKey, note: input.note, by: operatorName(), at: now.toISOString() }
    await db.insertInto('recon_explanations').values(row).onConflict((oc) => oc.columns(['day', 'line_key']).doUpdateSet({ note: row.note, by: row.by, at: row.at })).execute()
  }
  return { ok: true as const }
}

export async function closeDay(db: Kysely<PaymentsDatabase>, day: string, zone: string, now: Date, rules?: MatchRules): Promise<DayReconciliation> {
  // Payments and orders still arrive on a day that has not ended: closing it would lock half a day.
  const today = dayOf(now.getTime(), zone)
  if (day >= today) throw new AppError('conflict', `${day} ${day === today ? 'is today' : 'has not come yet'} in ${zone}: a day can be closed once it has ended.`)
  await assertOpen(db, day)
  const result = await reconcileDay(db, day, zone, rules)
  const open = result.lines.filter(needsExplaining)
  if (open.length > 0) throw new AppError('conflict', `${open.length.toLocaleString('en-GB')} difference${open.length === 1 ? ' is' : 's are'} not explained yet: explain ${open.length === 1 ? 'it' : 'each'} (or fix the match) before closing ${day}.`)
  const by = operatorName()
  const at = now.toISOString()
  await db.transaction().execute(async (trx) => {
    const summary_json = JSON.stringify(result.summary)
    await trx.insertInto('recon_days').values({ day, time_zone: zone, state: 'closed', by, at, summary_json }).onConflict((oc) => oc.column('day').doUpdateSet({ time_zone: zone, state: 'closed', by, at, summary_json })).execute()
    await trx.insertInto('recon_day_events').values({ day, action: 'close', by, why: null, at }).execute()
  })
  return reconcileDay(db, day, zone, rules)
}

export async function reopenDay(db: Kysely<PaymentsDatabase>, day: string, zone: string, why: string, now: Date, rules?: MatchRules): Promise<DayReconciliation> {
  const record = await db.selectFrom('recon_days').select('state').where('day', '=', day).executeTakeFirst()
  if (record?.state !== 'closed') throw new AppError('conflict', `${day} is not closed.`)
  const by = operatorName()
  const at = now.toISOString()
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('recon_days').set({ state: 'open', by, at }).where('day', '=', day).execute()
    await trx.insertInto('recon_day_events').values({ day, action: 'reopen', by, why, at }).execute()
  })
  return reconcileDay(db, day, zone, rules)
}

export const RECON_EXPORT_COLUMNS = ['state', 'reference', 'currency', 'expected_minor', 'expected', 'actual_minor', 'actual', 'difference_minor', 'difference', 'rule', 'order_ids', 'payment_ids', 'payout_ids', 'explanation', 'explained_by', 'paid_in_other_currency'] as const

/** The day's lines, then one total line per currency, to `file` (written whole, then renamed). */
export async function exportDay(result: DayReconciliation, file: string, now = new Date()): Promise<{ file: string; rows: number }> {
  const partial = `${file}.partial`
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const out = createWriteStream(partial, { mode: 0o600 })
  const csv = safeCsvStringifier([...RECON_EXPORT_COLUMNS])
  csv.pipe(out)
  const money = (minor: number | null, currency: string) => (minor === null ? ['', ''] : [String(minor), formatMinorDecimal(minor, currency)])
  for (const l of result.lines) {
    const other = (l.paidInOther ?? []).map((p) => `${p.currency} ${formatMinorDecimal(p.amount, p.currency)}`).join(' ')
    csv.write([l.state, l.reference ?? '', l.currency, ...money(l.expected, l.currency), ...money(l.actual, l.currency), ...money(l.difference, l.currency), l.rule ?? '', l.orderIds.join(' '), l.paymentIds.join(' '), l.payoutIds.join(' '), l.explanation?.note ?? '', l.explanation?.by ?? '', other])
  }
  for (const s of result.summary) {
    csv.write([`total ${result.day} (${result.timeZone})`, '', s.currency, ...money(s.ordersTotal, s.currency), ...money(s.authorised, s.currency), ...money(s.unexplained, s.currency), '', `${s.orders} orders`, '', '', `captured ${formatMinorDecimal(s.captured, s.currency)}, refunded ${formatMinorDecimal(s.refunded, s.currency)}, fees ${formatMinorDecimal(s.fees.reduce((t, f) => t + f.amount, 0), s.currency)}, net ${formatMinorDecimal(s.net, s.currency)}, paid out ${formatMinorDecimal(s.paidOut, s.currency)}`, '', ''])
  }
  // Last, whether the day was closed (by whom, when) and when this file was made: a file read later says which figures it holds.
  const when = (iso: string) => `${wallClockText(Date.parse(iso), result.timeZone)} (${result.timeZone})`
  const status = result.closed ? `closed by ${result.closed.by} at ${when(result.closed.at)}` : 'not closed'
  csv.write([`day ${result.day} (${result.timeZone}): ${status}; exported ${when(now.toISOString())}`, ...Array(RECON_EXPORT_COLUMNS.length - 1).fill('')])
  csv.end()
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve)
    out.on('error', reject)
  })
  await rename(partial, file)
  return { file, rows: result.lines.length }
}
