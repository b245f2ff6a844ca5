import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { safeCsvStringifier } from '../csv/safe-csv'
import { microToMinor } from '../checkout/decimal-amount'
import type { Job } from '../jobs/job-runner'
import { formatMinorDecimal } from '../reference/minor-units'
import { wallClockText } from '../reference/time-zone'
import { FLAG_COLUMNS, PAYMENT_LIST_COLUMNS, type PaymentListRow } from '../store/payment-records'
import type { PaymentsStore } from '../store/payments-store'
import type { PaymentFilter, PaymentSort } from './filter'
import { listPayments, paymentTotals, type PageCursor } from './list-query'

// CSV export of the filtered list: every row, not only those on screen, read page by page and
// streamed to the file (memory stays flat at a million rows), written to a temporary name and
// renamed when complete, so a cancelled or failed export never leaves half a file.

/** What a payment's money came to, beyond the list's columns (a partial capture and refund cannot be read back without them). */
export interface ExportMoney {
  processed_at: string | null
  customer_name: string | null
  processing_channel_id: string | null
  captured_amount: number
  refunded_amount: number
  /** Fees as a positive cost in the payment's currency, minor units; null until Checkout.com reports them. */
  fees: number | null
}

const MONEY_COLUMNS = ['captured', 'refunded', 'fees', 'net'] as const

const TIME_COLUMNS = new Set(['created_at', 'processed_at'])

/**
 * The documented, stable column set (README): the list's columns in order, with the amount
 * both in minor units (`amount_minor`) and as a decimal (`amount`); then when it was processed,
 * the customer's name, the processing channel, and captured, refunded, fees and net, each in
 * minor units and as a decimal. Times are the wall clock of `zone` ("2026-11-25 14:03:22", which
 * spreadsheets read as a date), and their headers name it: `created_at (Asia/Tokyo)`.
 */
export function exportColumns(zone: string): string[] {
  return [
    ...PAYMENT_LIST_COLUMNS.flatMap((column) => (column === 'amount' ? ['amount_minor', 'amount'] : [column])),
    'processed_at',
    'customer_name',
    'processing_channel_id',
    ...MONEY_COLUMNS.flatMap((column) => [`${column}_minor`, column]),
  ].map((column) => (TIME_COLUMNS.has(column) ? `${column} (${zone})` : column))
}

const FLAGS = new Set<string>(FLAG_COLUMNS)

export function exportCells(row: PaymentListRow, money: ExportMoney, zone: string): string[] {
  const listed = PAYMENT_LIST_COLUMNS.flatMap((column) => {
    const value = row[column]
    if (column === 'amount') return [String(row.amount), formatMinorDecimal(row.amount, row.currency)]
    if (column === 'created_at') return [wallClockText(Date.parse(row.created_at), zone)]
    if (value === null) return ['']
    if (FLAGS.has(column)) return [value ? 'true' : 'false']
    return [String(value)]
  })
  // Net has one definition, the Money panel's: captured less refunded less the fees reported so far
  // (none yet: fees empty, net without them), so the column sums to the panel's figure.
  const net = money.captured_amount - money.refunded_amount - (money.fees ?? 0)
  const amounts = [money.captured_amount, money.refunded_amount, money.fees, net].flatMap((minor) => (minor === null ? ['', ''] : [String(minor), formatMinorDecimal(minor, row.currency)]))
  return [...listed, money.processed_at ? wallClockText(Date.parse(money.processed_at), zone) : '', money.customer_name ?? '', money.processing_channel_id ?? '', ...amounts]
}

/** The page's money columns, by payment id (fees as the settlement writer summed them from the fee lines). */
async function moneyOf(db: PaymentsStore['db'], ids: string[]): Promise<Map<string, ExportMoney>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('payments as p')
    .select([
      'p.id',
      'p.processed_at',
      'p.customer_name',
      'p.captured_amount',
      'p.refunded_amount',
      // The channel is only in the stored answer; read in JS, as new SQL stays portable (README).
      'p.raw_json',
      'p.fee_micro',
    ])
    .where('p.id', 'in', ids)
    .execute()
  const channelOf = (raw: string) => {
    const channel = (JSON.parse(raw) as { processing_channel_id?: unknown }).processing_channel_id
    return typeof channel === 'string' ? channel : null
  }
  return new Map(rows.map((r) => [r.id, { processed_at: r.processed_at, customer_name: r.customer_name, processing_channel_id: channelOf(r.raw_json), captured_amount: r.captured_amount, refunded_amount: r.refunded_amount, fees: r.fee_micro === null ? null : microToMinor(r.fee_micro) }]))
}

const PAGE = 2000

export type ExportJob = Job<{ file: string; rows: number; total: number }, { file: string; rows: number }>

export function startPaymentsExport(job: ExportJob, store: () => PaymentsStore, filter: PaymentFilter, sort: PaymentSort, file: string, zone: string) {
  return job.start(async ({ signal, progress }) => {
    const { db } = store()
    const partial = `${file}.partial`
    let rows = 0
    try {
      const total = (await paymentTotals(db, filter)).count
      progress({ file, rows, total })
      await mkdir(dirname(file), { recursive: true, mode: 0o700 })
      // Customers' emails and card digits: readable by this user only.
      const out = createWriteStream(partial, { mode: 0o600 })
      const csv = safeCsvStringifier(exportColumns(zone))
      csv.pipe(out)
      let after: PageCursor | null = null
      do {
        if (signal.aborted) break
        const page = await listPayments(db, filter, sort, after, PAGE)
        const money = await moneyOf(db, page.rows.map((r) => r.id))
        for (const row of page.rows) {
          if (!csv.write(exportCells(row, money.get(row.id)!, zone))) await new Promise((resolve) => csv.once('drain', resolve))
        }
        rows += page.rows.length
        progress({ file, rows, total })
        after = page.next
      } while (after)
      csv.end()
      await new Promise<void>((resolve, reject) => {
        out.on('finish', resolve)
        out.on('error', reject)
      })
      if (signal.aborted) await rm(partial, { force: true })
      else await rename(partial, file)
      return { file, rows }
    } catch (error) {
      await rm(partial, { force: true })
      throw error
    }
  })
}
