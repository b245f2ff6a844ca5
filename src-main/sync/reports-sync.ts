import { parse } from 'csv-parse'
import { z } from 'zod'
import { decimalToMicro, decimalToMinor } from '../checkout/decimal-amount'
import { CheckoutError } from '../checkout/errors'
import type { Report } from '../checkout/schemas'
import type { FeeLineRecord, PayoutRecord } from '../store/settlement-records'
import { addFeeLine } from './payment-rows'
import type { SyncDeps } from './payments-sync'
import type { SettlementSummary } from './sync-report'

// Fees, settlement and payouts from the Reports API (DATA-PATHS.md §2, §8b): the merchant's
// scheduled FinancialActions (per day), FinancialActionsByPayoutId (per payout) and Payouts
// reports, listed since the last sync and read once each, straight into fee_lines and payouts.
// A daily report is skipped when a payout report covers its day (the same lines, with the
// payout id), so a 90-day first sync reads about one file per day of each kind. Each file is
// written in one transaction with the mark that it was read: a sync stopped between files
// resumes at the next one, and a file read again replaces its lines rather than adding them.

export const REPORTS_CURSOR = 'reports'
/**
 * createdAfter: the newest report read, once a listing has been read to its end. unfinishedFrom:
 * where a listing began that was not read to its end (a first sync cancelled or killed in its
 * fees phase): the next sync lists from there again, however few days it would list otherwise,
 * until every file of that window is read.
 */
const Cursor = z.object({ createdAfter: z.string().optional(), unfinishedFrom: z.string().optional() })
/** Reports are listed again from a day before the newest one read: one made late is still found. */
const RELIST_OVERLAP_MS = 86_400_000

const ACTION_REPORTS = new Set(['FinancialActions', 'FinancialActionsByPayoutId'])
const PAYOUT_REPORTS = new Set(['Payouts'])
/** Report files downloaded at once. */
const FILES_AT_ONCE = 4

// The CSV columns Paydesk reads (others are kept out); names as the report documentation gives them.
const ActionRow = z.object({
  'Action ID': z.string().regex(/^act_\w{26}$/),
  'Payment ID': z.string().min(1),
  'Action Type': z.string().min(1),
  'Processed On': z.string().min(1),
  'Breakdown Type': z.string().min(1),
  'Fee Detail': z.string().optional(),
  'Processing Currency': z.string().length(3),
  'Processing Currency Amount': z.string().min(1),
  'Holding Currency': z.string().length(3),
  'Holding Currency Amount': z.string().min(1),
  'FX Rate Applied': z.string().optional(),
  'Payout ID': z.string().optional(),
})
const PayoutRow = z.object({
  'Payout ID': z.string().min(1),
  'Currency Account ID': z.string().optional(),
  'Holding Currency': z.string().length(3),
  'Payout Date': z.string().min(1),
  'Reporting Start Date': z.string().optional(),
  'Reporting End Date': z.string().optional(),
  'Payout Amount': z.string().min(1),
  'Merchant Payout Fees': z.string().optional(),
  Payments: z.string().optional(),
  Refunds: z.string().optional(),
  Chargebacks: z.string().optional(),
  'Card Payment Interchange Fees': z.string().optional(),
  'Card Payment Scheme Fees': z.string().optional(),
  'Other Fees': z.string().optional(),
})

export interface ReportsSyncRequest {
  /** On a first sync, reports made since this instant. */
  since: string
  signal?: AbortSignal | undefined
  /** Called after each file is written (tests stop or kill the sync there). */
  afterFile?: () => Promise<void>
}

const covers = (outer: Report, inner: Report) => outer.from !== undefined && outer.to !== undefined && inner.from !== undefined && inner.to !== undefined && Date.parse(outer.from) <= Date.parse(inner.from) && Date.parse(outer.to) >= Date.parse(inner.to)

/** Which listed reports to read: payout-level ones always, a daily one only when no payout report covers its day. */
export function reportsToRead(reports: Report[]): Report[] {
  const byPayout = reports.filter((r) => r.type === 'FinancialActionsByPayoutId')
  return reports.filter((r) => PAYOUT_REPORTS.has(r.type) || r.type === 'FinancialActionsByPayoutId' || (r.type === 'FinancialActions' && !byPayout.some((p) => covers(p, r))))
}

async function readCsv(stream: NodeJS.ReadableStream, file: string, onRecord: (record: Record<string, string>, line: number) => void): Promise<number> {
  const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, info: true, relax_column_count: false }))
  let rows = 0
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      onRecord(record, info.lines)
      rows++
    }
  } catch (error) {
    if (error instanceof CheckoutError) throw error
    throw new CheckoutError('invalid_response', `Report file ${file} is not a CSV Paydesk can read: ${error instanceof Error ? error.message : String(error)}`)
  }
  return rows
}

function rowError(file: string, line: number, error: z.ZodError): CheckoutError {
  const issue = error.issues[0]!
  return new CheckoutError('invalid_response', `Report file ${file}, line ${line}: column "${issue.path.join('.')}" ${issue.message.toLowerCase()}.`)
}

const money = (text: string | undefined, currency: string) => (text ? decimalToMinor(text, currency) : 0)

/** Downloads one report file and turns its rows into fee lines or payouts (nothing is written yet). */
async function readReportFile(deps: SyncDeps, report: Report, file: Report['files'][number], signal?: AbortSignal) {
  const name = file.filename ?? file.id
  const stream = await deps.client.reportFile(report.id, file.id, signal)
  const fetchedAt = deps.clock().toISOString()
  const tagged = report.tags.find((t) => t.startsWith('payout_id:'))?.slice('payout_id:'.length) ?? null
  const lines = new Map<string, FeeLineRecord>()
  const payouts: PayoutRecord[] = []
  const rows = await readCsv(stream, name, (record, line) => {
    if (ACTION_REPORTS.has(report.type)) {
      const parsed = ActionRow.safeParse(record)
      if (!parsed.success) throw rowError(name, line, parsed.error)
      const row = parsed.data
      const feeLine: FeeLineRecord = {
        action_id: row['Action ID'],
        payment_id: row['Payment ID'],
        action_type: row['Action Type'],
        breakdown_type: row['Breakdown Type'],
        fee_detail: row['Fee Detail'] ?? '',
        processed_at: new Date(row['Processed On']).toISOString(),
        processing_currency: row['Processing Currency'],
        processing_micro: decimalToMicro(row['Processing Currency Amount'], row['Processing Currency']),
        holding_currency: row['Holding Currency'],
        holding_micro: decimalToMicro(row['Holding Currency Amount'], row['Holding Currency']),
        fx_rate: row['FX Rate Applied'] || null,
        payout_id: row['Payout ID'] || tagged,
        source: 'report',
        fetched_at: fetchedAt,
      }
      addFeeLine(lines, feeLine)
    } else if (PAYOUT_REPORTS.has(report.type)) {
      const parsed = PayoutRow.safeParse(record)
      if (!parsed.success) throw rowError(name, line, parsed.error)
      const row = parsed.data
      const currency = row['Holding Currency']
      payouts.push({
        id: row['Payout ID'],
        currency_account_id: row['Currency Account ID'] || null,
        holding_currency: currency,
        payout_date: new Date(row['Payout Date']).toISOString(),
        period_start: row['Reporting Start Date'] ? new Date(row['Reporting Start Date']).toISOString() : null,
        period_end: row['Reporting End Date'] ? new Date(row['Reporting End Date']).toISOString() : null,
        amount: money(row['Payout Amount'], currency),
        merchant_payout_fees: money(row['Merchant Payout Fees'], currency),
        payments: money(row.Payments, currency),
        refunds: money(row.Refunds, currency),
        chargebacks: money(row.Chargebacks, currency),
        interchange_fees: money(row['Card Payment Interchange Fees'], currency),
        scheme_fees: money(row['Card Payment Scheme Fees'], currency),
        other_fees: money(row['Other Fees'], currency),
        report_id: report.id,
        fetched_at: fetchedAt,
      })
    }
  })
  return { lines: [...lines.values()], payouts, rows, fetchedAt }
}

/** Lists the reports made since the last run and reads each one not read yet. */
export async function syncReports(deps: SyncDeps, request: ReportsSyncRequest): Promise<SettlementSummary> {
  const { store, client } = deps
  const cursors = store.cursors(REPORTS_CURSOR)
  const saved = Cursor.safeParse(cursors.load())
  const known = saved.success ? saved.data : {}
  const relisted = known.createdAfter ? new Date(Date.parse(known.createdAfter) - RELIST_OVERLAP_MS).toISOString() : request.since
  const createdAfter = known.unfinishedFrom && known.unfinishedFrom < relisted ? known.unfinishedFrom : relisted
  // The window is kept before anything is listed: a sync stopped anywhere in it lists it all again.
  store.writer.transaction(() => cursors.save({ ...known, unfinishedFrom: createdAfter }, deps.clock()))
  const listed: Report[] = []
  let page = await client.listReports({ createdAfter }, request.signal)
  let requests = 1
  listed.push(...page.data)
  while (page._links?.next?.href) {
    page = await client.listReports({ next: page._links.next.href }, request.signal)
    requests++
    listed.push(...page.data)
  }

  const summary: SettlementSummary = { reports: listed.length, files: 0, feeLines: 0, payouts: 0, requests, note: null }
  if (listed.length === 0 && !known.createdAfter) {
    summary.note = 'Checkout.com has no reports for this account yet: fees and payouts arrive once the Financial Actions and Payouts reports are scheduled in the Dashboard (Reports).'
  }
  const files = reportsToRead(listed).flatMap((report) => report.files.filter((f) => !store.settlement.isFileIngested(f.id)).map((file) => ({ report, file })))
  // A few files download at once (each waits on the network); each is written whole, in turn.
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(FILES_AT_ONCE, files.length) }, async () => {
      while (next < files.length) {
        const { report, file } = files[next++]!
        if (request.signal?.aborted) throw new CheckoutError('aborted', 'Sync cancelled.')
        const read = await readReportFile(deps, report, file, request.signal)
        summary.requests++
        store.writer.transaction(() => {
          store.settlement.upsertFeeLines(read.lines)
          for (const payout of read.payouts) store.settlement.upsertPayout(payout)
          store.settlement.markFileIngested({ file_id: file.id, report_id: report.id, report_type: report.type, created_on: report.created_on, period_from: report.from ?? null, period_to: report.to ?? null, rows: read.rows, ingested_at: read.fetchedAt })
        })
        summary.files++
        summary.feeLines += read.lines.length
        summary.payouts += read.payouts.length
        await request.afterFile?.()
      }
    }),
  )
  // Every file of the window is read: from now on a sync lists from the newest report on.
  const newest = Math.max(known.createdAfter ? Date.parse(known.createdAfter) : -Infinity, ...listed.map((r) => Date.parse(r.created_on)))
  store.writer.transaction(() => cursors.save(Number.isFinite(newest) ? { createdAfter: new Date(newest).toISOString() } : {}, deps.clock()))
  deps.logger.log('info', 'reports sync finished', { ...summary, note: undefined })
  return summary
}
