import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { safeCsvStringifier } from '../csv/safe-csv'
import type { Job } from '../jobs/job-runner'
import { formatMinorDecimal } from '../reference/minor-units'
import { FLAG_COLUMNS, PAYMENT_LIST_COLUMNS, type PaymentListRow } from '../store/payment-records'
import type { PaymentsStore } from '../store/payments-store'
import type { PaymentFilter, PaymentSort } from './filter'
import { listPayments, paymentTotals, type PageCursor } from './list-query'

// CSV export of the filtered list: every row, not only those on screen, read page by page and
// streamed to the file (memory stays flat at a million rows), written to a temporary name and
// renamed when complete, so a cancelled or failed export never leaves half a file.

/**
 * The documented, stable column set (README): the list's columns in order, with the amount
 * both in minor units (`amount_minor`) and as a decimal (`amount`).
 */
export const EXPORT_COLUMNS = PAYMENT_LIST_COLUMNS.flatMap((column) => (column === 'amount' ? ['amount_minor', 'amount'] : [column]))

const FLAGS = new Set<string>(FLAG_COLUMNS)

export function exportCells(row: PaymentListRow): string[] {
  return PAYMENT_LIST_COLUMNS.flatMap((column) => {
    const value = row[column]
    if (column === 'amount') return [String(row.amount), formatMinorDecimal(row.amount, row.currency)]
    if (value === null) return ['']
    if (FLAGS.has(column)) return [value ? 'true' : 'false']
    return [String(value)]
  })
}

const PAGE = 2000

export type ExportJob = Job<{ file: string; rows: number; total: number }, { file: string; rows: number }>

export function startPaymentsExport(job: ExportJob, store: () => PaymentsStore, filter: PaymentFilter, sort: PaymentSort, file: string) {
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
      const csv = safeCsvStringifier(EXPORT_COLUMNS)
      csv.pipe(out)
      let after: PageCursor | null = null
      do {
        if (signal.aborted) break
        const page = await listPayments(db, filter, sort, after, PAGE)
        for (const row of page.rows) {
          if (!csv.write(exportCells(row))) await new Promise((resolve) => csv.once('drain', resolve))
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
