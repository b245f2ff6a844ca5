import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { safeCsvText } from '../csv/safe-csv'
import { AppError } from '../contract/errors'
import { approvalRate, seriesLabel } from '../reference/approval-series'
import { PRIVATE_DIR, PRIVATE_FILE } from '../store/private-files'
import type { ApprovalSeries } from './contract'

// A chart's table as a file: the CSV from the same series the chart drew (one row per bucket
// and series, its days and zone on every row), and the PNG the screen drew, checked to be one.

export const APPROVAL_CSV_COLUMNS = ['period', 'bucket', 'first_day', 'last_day', 'time_zone', 'series', 'approved', 'attempts', 'approval_rate_percent'] as const

export function approvalCsv(data: ApprovalSeries): { text: string; rows: number } {
  const rows: string[][] = []
  const sets = [['this period', data] as const, ...(data.previous ? [['period before', data.previous] as const] : [])]
  for (const [period, set] of sets) {
    const lines = [
      { label: 'All payments', counts: set.total },
      ...(data.by === 'all' ? [] : set.series.map((s) => ({ label: seriesLabel(data.by, s.value), counts: s }))),
      ...(set.other ? [{ label: 'Other', counts: set.other }] : []),
    ]
    set.buckets.forEach((bucket, i) => {
      for (const { label, counts } of lines) {
        const rate = approvalRate(counts.approved[i]!, counts.attempts[i]!)
        rows.push([period, bucket.key, bucket.first, bucket.last, data.period.timeZone, label, String(counts.approved[i]), String(counts.attempts[i]), rate === null ? '' : (100 * rate).toFixed(2)])
      }
    })
  }
  return { text: safeCsvText(APPROVAL_CSV_COLUMNS, rows), rows: rows.length }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The bytes of a PNG the screen drew; anything else is refused. */
export function pngBytes(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64')
  if (bytes.length < 64 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new AppError('invalid_input', 'The chart image is not a PNG.')
  return bytes
}

/** Writes a file whole or not at all (a .partial renamed once written), readable only by this user. */
export async function saveWhole(file: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: PRIVATE_DIR })
  await writeFile(`${file}.partial`, data, { mode: PRIVATE_FILE })
  await rename(`${file}.partial`, file)
}
