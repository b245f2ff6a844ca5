import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { stringify } from 'csv-stringify'
import type { Kysely } from 'kysely'
import type { ExportStatus } from '../contract'
import { formatMinorDecimal } from '../money/minor-units'
import type { PaymentFilter, PaymentSort } from '../store/payment-filter'
import { listPayments, paymentTotals, type PageCursor } from '../store/payments-query'
import type { Database } from '../store/schema'

// CSV export of the filtered list: every row, not only those on screen, read page by page and
// streamed to the file (memory stays flat at a million rows), written to a temporary name and
// renamed when complete, so a cancelled or failed export never leaves half a file.

/** The documented, stable column set (README): amounts both in minor units and as decimals. */
export const EXPORT_COLUMNS = [
  'id', 'created_at', 'reference', 'currency', 'amount_minor', 'amount', 'status', 'approved', 'response_code', 'response_summary',
  'scheme', 'last4', 'customer_id', 'customer_email', 'avs_check', 'cvv_check', 'risk_flagged', 'payment_type', 'auth_code',
] as const

const PAGE = 2000

export interface ExportJob {
  start(filter: PaymentFilter, sort: PaymentSort, file: string): ExportStatus
  status(): ExportStatus
  cancel(): ExportStatus
  settled(): Promise<void>
}

export function createExportJob(database: () => Kysely<Database>): ExportJob {
  let status: ExportStatus = { state: 'idle', file: null, rows: 0, total: 0, error: null }
  let cancelled = false
  let running: Promise<void> = Promise.resolve()

  async function run(filter: PaymentFilter, sort: PaymentSort, file: string) {
    const db = database()
    const partial = `${file}.partial`
    try {
      status = { ...status, total: (await paymentTotals(db, filter)).count }
      await mkdir(dirname(file), { recursive: true })
      const out = createWriteStream(partial)
      const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS] })
      csv.pipe(out)
      let after: PageCursor | null = null
      do {
        if (cancelled) break
        const page = await listPayments(db, filter, sort, after, PAGE)
        for (const r of page.rows) {
          const ok = csv.write([r.id, r.created_at, r.reference ?? '', r.currency, r.amount, formatMinorDecimal(r.amount, r.currency), r.status, r.approved === null ? '' : r.approved ? 'true' : 'false', r.response_code ?? '', r.response_summary ?? '', r.scheme ?? '', r.last4 ?? '', r.customer_id ?? '', r.customer_email ?? '', r.avs_check ?? '', r.cvv_check ?? '', r.risk_flagged ? 'true' : 'false', r.payment_type ?? '', r.auth_code ?? ''])
          if (!ok) await new Promise((resolve) => csv.once('drain', resolve))
        }
        status = { ...status, rows: status.rows + page.rows.length }
        after = page.next
      } while (after)
      csv.end()
      await new Promise<void>((resolve, reject) => {
        out.on('finish', resolve)
        out.on('error', reject)
      })
      if (cancelled) {
        await rm(partial, { force: true })
        status = { ...status, state: 'cancelled' }
      } else {
        await rename(partial, file)
        status = { ...status, state: 'done' }
      }
    } catch (error) {
      await rm(partial, { force: true })
      status = { ...status, state: 'failed', error: error instanceof Error ? error.message : String(error) }
    }
  }

  return {
    start(filter, sort, file) {
      if (status.state === 'running') return status
      cancelled = false
      status = { state: 'running', file, rows: 0, total: 0, error: null }
      running = run(filter, sort, file)
      return status
    },
    status: () => status,
    cancel() {
      cancelled = true
      return status
    },
    settled: () => running,
  }
}
