import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handlers } from '../../../src-main/app/handler-map'
import { dispatch } from '../../../src-main/app/dispatch'
import { addDays, dayOf } from '../../../src-main/reference/time-zone'
import { formatMinorDecimal } from '../../../src-main/reference/minor-units'
import { makeTestApp } from '../../fixtures/app-context'

// A seeded day through the contract: the shop's orders made from the day's approved payments,
// with differences injected, imported from a CSV; the day reconciled, explained, closed, reopened.

let app: Awaited<ReturnType<typeof makeTestApp>>
let day: string
const ZONE = 'Europe/London'
const call = async (name: string, input: unknown = {}) => {
  const result = await dispatch(handlers, app.registry, name, input)
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
  return result.value as any
}

beforeAll(async () => {
  app = await makeTestApp({ simulatorSeed: { count: 900, days: 10, seed: 12 } })
  app.registry.sync.start({ days: 20 })
  await app.registry.sync.settled()
  day = dayOf(Date.now() - 3 * 86_400_000, ZONE)
})
afterAll(() => app.dispose())

describe('reconciling a day', () => {
  it('finds each injected difference, keeps explanations, closes only when all are explained, and exports', async () => {
    const { from, to } = (await call('recon.day', { day, timeZone: ZONE })) as { from: string; to: string }
    const paid = app.paymentsSql().prepare("select id, reference, amount, currency, created_at, captured_amount, refunded_amount from payments where approved = 1 and status not in ('Voided', 'Expired') and created_at >= ? and created_at < ? order by created_at").all(from.replace('.000', ''), to.replace('.000', '')) as { id: string; reference: string; amount: number; currency: string; created_at: string; captured_amount: number; refunded_amount: number }[]
    expect(paid.length).toBeGreaterThan(20)
    const [missingOrder, changed, ...rest] = paid
    // The shop's file: every paid order but one, one amount off by 1.00, and an order never paid.
    const lines = ['order_ref;created;total;currency;status']
    for (const p of [changed!, ...rest]) {
      const amount = p === changed ? p.amount + 100 : p.amount
      lines.push(`${p.reference};${new Date(p.created_at).toISOString()};${formatMinorDecimal(amount, p.currency).replace('.', ',')};${p.currency};paid`)
    }
    lines.push(`NEVER-PAID-1;${from};25,00;GBP;paid`)
    const path = join(app.dataDir, 'shop.csv')
    writeFileSync(path, lines.join('\r\n'))
    const preview = await call('recon.import.preview', { typedPath: path })
    expect(preview).toMatchObject({ kind: 'preview', remembered: false, mapping: { reference: 'order_ref', amount: 'total', date: 'created', decimalSeparator: ',' } })
    const imported = await call('recon.import.run', { path, mapping: preview.mapping, timeZone: ZONE })
    expect(imported).toMatchObject({ rows: lines.length - 1, imported: lines.length - 1, bad: 0 })

    const result = await call('recon.day', { day, timeZone: ZONE })
    const byKeyState = (state: string) => result.lines.filter((l: { state: string }) => l.state === state)
    expect(byKeyState('payment_without_order').map((l: { paymentIds: string[] }) => l.paymentIds[0])).toEqual(expect.arrayContaining([missingOrder!.id]))
    const mismatch = byKeyState('amount_mismatch').find((l: { paymentIds: string[] }) => l.paymentIds.includes(changed!.id))
    expect(mismatch).toMatchObject({ difference: -100 })
    const neverPaid = byKeyState('order_without_payment').find((l: { reference: string }) => l.reference === 'NEVER-PAID-1')
    expect(neverPaid).toMatchObject({ currency: 'GBP', difference: -2500 })
    expect(result.state).toBe('open')
    // Everything else by the money received for it (captured less refunded), by reference: a
    // refund the shop's "paid" order does not know about, an authorisation never captured, a
    // partial capture; the rest matched (or on its way to a payout).
    const stateOf = (p: (typeof rest)[number]) =>
      p.refunded_amount > 0 ? (p.refunded_amount >= p.captured_amount ? 'refunded' : 'partly_refunded') : p.captured_amount === 0 ? 'authorised_not_captured' : p.captured_amount < p.amount ? 'partly_captured' : 'received'
    const expected: Record<string, number> = {}
    for (const p of rest) expected[stateOf(p)] = (expected[stateOf(p)] ?? 0) + 1
    for (const state of ['refunded', 'partly_refunded', 'authorised_not_captured', 'partly_captured']) expect(result.counts[state] ?? 0, state).toBe(expected[state] ?? 0)
    expect((result.counts.matched ?? 0) + (result.counts.captured_not_paid_out ?? 0)).toBe(expected.received ?? 0)
    // A difference in money, never "matched", and never a balanced day before it is explained.
    for (const line of result.lines.filter((l: { state: string }) => l.state === 'authorised_not_captured' || l.state === 'partly_captured')) expect(line.difference).toBeLessThan(0)

    // Closing with differences left is refused, with how many.
    await expect(call('recon.close', { day, timeZone: ZONE })).rejects.toThrow(/not explained yet/)
    for (const line of result.lines.filter((l: { state: string; explanation: unknown }) => !['matched', 'captured_not_paid_out'].includes(l.state))) {
      await call('recon.explain', { day, lineKey: line.key, note: `Checked with the shop (${line.state})` })
    }
    const closed = await call('recon.close', { day, timeZone: ZONE })
    expect(closed).toMatchObject({ state: 'closed', history: [{ action: 'close' }] })
    expect(closed.summary.every((s: { unexplained: number }) => s.unexplained === 0)).toBe(true)
    // Locked: nothing changes a closed day.
    await expect(call('recon.explain', { day, lineKey: neverPaid.key, note: 'changed my mind' })).rejects.toThrow(/reopen it/)
    // The closed totals are kept; a refund made after the close shows as a change, not a new truth.
    expect(closed.closed).toMatchObject({ timeZone: ZONE, changes: [] })
    const store = (app.registry.store() as unknown as { sqlite: import('better-sqlite3').Database }).sqlite
    const late = rest.find((p) => p.refunded_amount === 0 && p.currency === 'GBP')!
    store.prepare('update payments set refunded_amount = 100 where id = ?').run(late.id)
    const afterRefund = await call('recon.day', { day, timeZone: ZONE })
    expect(afterRefund.state).toBe('closed')
    expect(afterRefund.closed.changes).toContain(`GBP refunded: ${formatMinorDecimal(closed.summary.find((s: { currency: string }) => s.currency === 'GBP').refunded, 'GBP')} when closed, ${formatMinorDecimal(closed.summary.find((s: { currency: string }) => s.currency === 'GBP').refunded + 100, 'GBP')} now`)
    store.prepare('update payments set refunded_amount = 0 where id = ?').run(late.id)
    // Another zone chosen later does not move a closed day.
    expect((await call('recon.day', { day, timeZone: 'Asia/Tokyo' })).timeZone).toBe(ZONE)
    // Re-importing the same file changes nothing and keeps every explanation.
    expect(await call('recon.import.run', { path, mapping: preview.mapping, timeZone: ZONE })).toMatchObject({ imported: 0, importedBefore: expect.any(String) })
    expect((await call('recon.day', { day, timeZone: ZONE })).state).toBe('closed')
    const reopened = await call('recon.reopen', { day, timeZone: ZONE, why: 'The shop sent a late correction' })
    expect(reopened.history.map((h: { action: string; why: string | null }) => [h.action, h.why])).toEqual([['close', null], ['reopen', 'The shop sent a late correction']])
    expect(reopened.state).toBe('balanced')

    // The mapping is remembered for the next file with that header.
    expect(await call('recon.import.preview', { typedPath: path })).toMatchObject({ remembered: true })
    const exported = await call('recon.export', { day, timeZone: ZONE })
    const records = parse(readFileSync(exported.file, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(records.filter((r) => r.state === 'order_without_payment' && r.reference === 'NEVER-PAID-1')).toEqual([expect.objectContaining({ difference_minor: '-2500', difference: '-25.00', explanation: 'Checked with the shop (order_without_payment)' })])
    expect(records.some((r) => r.state!.startsWith('total '))).toBe(true)
    // The file says whether the day was closed (reopened above: not), when it was made, and has a name of its own.
    expect(records.at(-1)!.state).toMatch(new RegExp(`^day ${day} \\(${ZONE}\\): not closed; exported \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\(${ZONE}\\)$`))
    expect(exported.file).toMatch(new RegExp(`paydesk-reconciliation-${day}-not-closed-made-\\d{4}-\\d{2}-\\d{2}-\\d{6}\\.csv$`))

    // Drill-down: the order as the file had it; a payout and the actions that make its amount.
    expect(await call('recon.order', { id: neverPaid.orderIds[0] })).toMatchObject({ reference: 'NEVER-PAID-1', amount: 2500, currency: 'GBP', fileName: 'shop.csv', line: lines.length, status: 'paid' })
    expect(reopened.payouts.length).toBeGreaterThan(0)
    const payout = await call('recon.payout', { id: reopened.payouts[0].id })
    expect(payout.actions.length).toBeGreaterThan(0)
    expect(payout.actions.reduce((s: number, a: { net: number }) => s + a.net, 0)).toBe(payout.payout.lines)
    await expect(call('recon.payout', { id: 'po_nothing' })).rejects.toThrow(/no payout po_nothing/)

    // A fee line changed by one penny after the payout was made: that payout no longer adds up, by exactly that, and no other does.
    expect(reopened.payouts.every((p: { difference: number }) => p.difference === 0)).toBe(true)
    const changedPayout = reopened.payouts[0].id
    const feeLine = app.paymentsSql().prepare("select action_id, breakdown_type, fee_detail from fee_lines where payout_id = ? and breakdown_type <> 'Gross' limit 1").get(changedPayout) as { action_id: string; breakdown_type: string; fee_detail: string }
    const writable = (app.registry.store() as unknown as { sqlite: import('better-sqlite3').Database }).sqlite
    writable.prepare('update fee_lines set holding_micro = holding_micro - 1000000 where action_id = ? and breakdown_type = ? and fee_detail = ?').run(feeLine.action_id, feeLine.breakdown_type, feeLine.fee_detail)
    const after = await call('recon.day', { day, timeZone: ZONE })
    expect(after.payouts.filter((p: { difference: number }) => p.difference !== 0)).toEqual([expect.objectContaining({ id: changedPayout, difference: 1 })])
  })

  it('refuses to close a day that has not ended: today, or one to come', async () => {
    const today = dayOf(Date.now(), ZONE)
    await expect(call('recon.close', { day: today, timeZone: ZONE })).rejects.toThrow(`${today} is today in ${ZONE}: a day can be closed once it has ended.`)
    await expect(call('recon.close', { day: addDays(today, 1), timeZone: ZONE })).rejects.toThrow(/has not come yet .*once it has ended/)
    expect((await call('recon.day', { day: today, timeZone: ZONE })).state).not.toBe('closed')
  })

  it('chooses the reference column by its values, not its name: "Reference" (the payments’) over "Order ID", and says how many matched', async () => {
    const refs = app.paymentsSql().prepare("select reference, amount from payments where reference is not null order by created_at desc limit 12").all() as { reference: string; amount: number }[]
    for (const [name, header] of [['english.csv', 'Order ID,Reference,Date,Total,Currency'], ['german.csv', 'Bestellnummer,Referenz,Datum,Betrag,Waehrung']] as const) {
      const path = join(app.dataDir, name)
      writeFileSync(path, [header, ...refs.map((r, i) => `${1001 + i},${r.reference},2026-11-25,${(r.amount / 100).toFixed(2)},GBP`)].join('\n'))
      const preview = await call('recon.import.preview', { typedPath: path })
      const column = header.split(',')[1]!
      // The issue: the name guess chose "Order ID" (1001…) over "Reference", and "Bestellnummer" over "Referenz".
      expect(preview.mapping.reference).toBe(column)
      expect(preview.referenceMatch).toEqual({ column, matched: refs.length, sampled: refs.length })
    }
  })

  it('imports only a file that was chosen and previewed, not any path the page sends', async () => {
    const mapping = { reference: 'a', amount: 'b', currency: null, fixedCurrency: 'GBP', date: 'c', fixedDay: null, customer: null, status: null, decimalSeparator: '.', dateOrder: 'ymd' }
    for (const path of ['/etc/passwd', '/dev/zero']) await expect(call('recon.import.run', { path, mapping, timeZone: ZONE })).rejects.toThrow(/Choose the orders file with "Import orders file…" first/)
  })

  it('links and unlinks by hand, and the link outlives a re-sync', async () => {
    const other = dayOf(Date.now() - 5 * 86_400_000, ZONE)
    const { from } = await call('recon.day', { day: other, timeZone: ZONE })
    const payment = app.paymentsSql().prepare("select id, amount, currency from payments where approved = 1 and status = 'Captured' and created_at >= ? order by created_at limit 1").get(from.replace('.000', '')) as { id: string; amount: number; currency: string }
    const path = join(app.dataDir, 'one.csv')
    writeFileSync(path, `ref,date,amount,currency\nHANDWRITTEN-7,${new Date(Date.parse(from) + 3_600_000 * 5).toISOString()},${payment.amount},${payment.currency}\n`)
    const preview = await call('recon.import.preview', { typedPath: path })
    await call('recon.import.run', { path, mapping: { ...preview.mapping, decimalSeparator: '.' }, timeZone: ZONE })
    const before = await call('recon.day', { day: other, timeZone: ZONE })
    const orderLine = before.lines.find((l: { reference: string }) => l.reference === 'HANDWRITTEN-7')
    const orderId = orderLine.orderIds[0]
    await call('recon.link', { day: other, orderId, paymentId: payment.id })
    app.registry.sync.start({ days: 20 })
    await app.registry.sync.settled()
    const after = await call('recon.day', { day: other, timeZone: ZONE })
    expect(after.lines.find((l: { key: string }) => l.key === orderLine.key)).toMatchObject({ rule: 'manual', paymentIds: [payment.id] })
    await call('recon.unlink', { day: other, orderId, paymentId: payment.id })
    expect((await call('recon.day', { day: other, timeZone: ZONE })).lines.find((l: { key: string }) => l.key === orderLine.key).paymentIds).not.toContain(payment.id)
  })

  it('matches by the prefixes finance set: "WEB/ORD-1" finds the payment "ORD-1"', async () => {
    const target = dayOf(Date.now() - 6 * 86_400_000, ZONE)
    const { from } = await call('recon.day', { day: target, timeZone: ZONE })
    const payment = app.paymentsSql().prepare("select id, reference, amount, currency, created_at from payments where approved = 1 and status = 'Captured' and created_at >= ? order by created_at limit 1").get(from.replace('.000', '')) as { id: string; reference: string; amount: number; currency: string; created_at: string }
    const path = join(app.dataDir, 'prefixed.csv')
    // An hour away, so the amount-and-time rule (30 minutes) cannot find it either.
    writeFileSync(path, `ref,date,amount,currency\nWEB/${payment.reference},${new Date(Date.parse(payment.created_at) + 3_600_000).toISOString()},${formatMinorDecimal(payment.amount, payment.currency)},${payment.currency}\n`)
    const preview = await call('recon.import.preview', { typedPath: path })
    await call('recon.import.run', { path, mapping: { ...preview.mapping, decimalSeparator: '.' }, timeZone: ZONE })
    const line = async () => (await call('recon.day', { day: target, timeZone: ZONE })).lines.find((l: { reference: string }) => l.reference === `WEB/${payment.reference}`)
    expect((await line()).state).toBe('order_without_payment')
    expect(await call('recon.rules.get')).toMatchObject({ windowMinutes: 30 })
    await call('recon.rules.save', { prefixes: ['web/'], suffixes: [], windowMinutes: 30 })
    expect(await line()).toMatchObject({ state: 'matched', rule: 'normalised_reference', paymentIds: [payment.id] })
    await call('recon.rules.save', { prefixes: [], suffixes: [], windowMinutes: 90 })
    expect(await line()).toMatchObject({ state: 'matched', rule: 'amount_and_time' })
  })
})
