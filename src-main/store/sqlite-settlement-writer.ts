import type SQLite from 'better-sqlite3'
import { FEE_LINE_COLUMNS, PAYOUT_COLUMNS, REPORT_FILE_COLUMNS, type FeeLineRecord, type PayoutRecord, type ReportFileRecord } from './settlement-records'
import { bindable, upsertSql } from './sqlite-payment-writer'
import { paymentFeeMicro } from './payments-migrations'

// Writes of fee lines, payouts and ingested report files, prepared once and run inside the
// caller's transaction. A fee line is keyed by its action, type and detail, so a report file
// read twice, or a line seen in both the daily and the payout report, is stored once; a line
// that arrives without a payout id keeps the one already known. Each payment whose lines were
// written gets its fee total (payments.fee_micro) set once, after its lines, not once a line.

export interface SettlementWriter {
  upsertFeeLines(rows: readonly FeeLineRecord[]): void
  upsertPayout(row: PayoutRecord): void
  markFileIngested(row: ReportFileRecord): void
  isFileIngested(fileId: string): boolean
}

export function createSqliteSettlementWriter(sqlite: SQLite.Database): SettlementWriter {
  let statements: ReturnType<typeof prepare> | null = null
  const prepare = () => ({
    feeLine: sqlite.prepare(upsertSql('fee_lines', FEE_LINE_COLUMNS, ['action_id', 'breakdown_type', 'fee_detail'], new Set(['payout_id', 'fx_rate']))),
    payout: sqlite.prepare(upsertSql('payouts', PAYOUT_COLUMNS)),
    file: sqlite.prepare(upsertSql('report_files', REPORT_FILE_COLUMNS, ['file_id'])),
    // One statement for a file's payments: the cells' update trigger then runs within one statement (row by row it cost several times more).
    paymentFees: sqlite.prepare<[string]>(`update payments set fee_micro = ${paymentFeeMicro('payments.id')} where id in (select value from json_each(?))`),
    fileKnown: sqlite.prepare<[string], { file_id: string }>('select file_id from report_files where file_id = ?'),
  })
  const prepared = () => (statements ??= prepare())
  return {
    upsertFeeLines: (rows) => {
      const { feeLine, paymentFees } = prepared()
      for (const row of rows) feeLine.run(bindable(row, FEE_LINE_COLUMNS))
      if (rows.length) paymentFees.run(JSON.stringify([...new Set(rows.map((r) => r.payment_id))]))
    },
    upsertPayout: (row) => void prepared().payout.run(bindable(row, PAYOUT_COLUMNS)),
    markFileIngested: (row) => void prepared().file.run(bindable(row, REPORT_FILE_COLUMNS)),
    isFileIngested: (fileId) => prepared().fileKnown.get(fileId) !== undefined,
  }
}
