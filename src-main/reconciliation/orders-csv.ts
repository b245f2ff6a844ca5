import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { parseMajorAmount } from '../reference/minor-units'
import { zonedInstant } from '../reference/time-zone'
import { AppError } from '../contract/errors'
import type { ColumnMapping, MappingDraft } from './records'

// Reading a shop's orders export: whatever its encoding (UTF-8 with or without BOM, Latin-1 /
// Windows-1252), separator (comma, semicolon, tab), number format (1,234.56 or 1.234,56) and
// date format (ISO, 25/11/2026, 11/25/2026, 25.11.2026). The file is streamed (a 20 MB,
// 100,000-row file never sits in memory); each data row becomes an order or a stated reason.

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'
export type Delimiter = ',' | ';' | '\t'

export interface CsvLayout {
  encoding: Encoding
  delimiter: Delimiter
  header: string[]
}

export interface OrderRow {
  reference: string
  amount: number
  currency: string
  ordered_at: string
  customer: string | null
  status: string | null
}

const SAMPLE_BYTES = 256 * 1024
const PREVIEW_ROWS = 8
/** A shop's day or month of orders is a few MB (100,000 orders: 19 MB); anything far larger is not an orders export. */
export const MAX_ORDERS_FILE_BYTES = 200 * 1024 * 1024
/** One order's row: a record longer than this is a broken quote swallowing the file, not an order. */
const MAX_RECORD_BYTES = 64 * 1024

/**
 * The path is an orders file that can be read whole: a full path to a regular file (not a
 * device such as /dev/zero, which never ends, nor a pipe, which hangs a read), of a sane size.
 */
export async function checkOrdersFile(path: string): Promise<void> {
  if (!isAbsolute(path)) throw new AppError('invalid_input', `"${path}" is not a full path: choose the file again.`)
  let info
  try {
    info = await stat(path)
  } catch {
    throw new AppError('not_found', `There is no file at ${path} (moved or deleted?): choose it again.`)
  }
  if (!info.isFile()) throw new AppError('invalid_input', `${path} is not a regular file: choose the CSV export of your orders.`)
  if (info.size > MAX_ORDERS_FILE_BYTES) throw new AppError('invalid_input', `${path} is ${Math.round(info.size / 1024 / 1024)} MB: an orders file is read up to ${MAX_ORDERS_FILE_BYTES / 1024 / 1024} MB. Export fewer days at a time.`)
}

function decodeSample(bytes: Buffer): { text: string; encoding: Encoding } {
  // Excel's "Unicode text" and some shops write UTF-16 with its byte order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(0, bytes.length - (bytes.length % 2))), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(0, bytes.length - (bytes.length % 2))), encoding: 'utf-16be' }
  if (bytes.includes(0)) throw new AppError('invalid_input', 'This file is not a text file (it holds NUL bytes): choose the CSV export of your orders. A UTF-16 file is read when it starts with its byte order mark.')
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  // The sample may end inside a character: try dropping up to 3 trailing bytes.
  for (let cut = 0; cut <= 3; cut++) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, body.length - cut)), encoding: 'utf-8' }
    } catch {
      // not UTF-8 (yet)
    }
  }
  return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' }
}

/** The separator used most in the header line, outside quotes. */
function detectDelimiter(text: string): Delimiter {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const outside = firstLine.replace(/"[^"]*"/g, '')
  const count = (d: string) => outside.split(d).length - 1
  return ([',', ';', '\t'] as const).reduce((best, d) => (count(d) > count(best) ? d : best), ',' as Delimiter)
}

const FIELD_PATTERNS: [keyof ColumnMapping, RegExp][] = [
  ['reference', /ref|order.?(id|no|num)|^order$|bestell|commande/i],
  ['amount', /amount|total|sum|price|betrag|montant|gross/i],
  ['currency', /curr|ccy|w(ä|ae)hrung|devise/i],
  ['date', /date|time|created|datum|placed/i],
  ['customer', /customer|email|client|kunde|buyer|name/i],
  ['status', /status|state|zustand|statut/i],
]

/** What the first rows say about the decimal separator and the order of day and month. */
function guessFormats(rows: string[][], amountColumn: number, dateColumn: number): Pick<ColumnMapping, 'decimalSeparator' | 'dateOrder'> {
  const amounts = rows.map((r) => r[amountColumn] ?? '')
  const decimalSeparator = amounts.some((a) => /,\d{1,2}$/.test(a.trim()) || /\.\d{3},/.test(a)) ? ',' : '.'
  const dates = rows.map((r) => r[dateColumn] ?? '')
  let dateOrder: ColumnMapping['dateOrder'] = 'ymd'
  for (const d of dates) {
    const m = /^(\d{1,2})[./-](\d{1,2})[./-]\d{4}/.exec(d.trim())
    if (!m) continue
    if (Number(m[2]) > 12) dateOrder = 'mdy'
    else dateOrder = dateOrder === 'mdy' ? 'mdy' : 'dmy'
  }
  return { decimalSeparator, dateOrder }
}

export interface OrdersFilePreview {
  layout: CsvLayout
  rows: string[][]
  /** The data rows read from the start of the file (up to about 50), for guesses that need more than the rows shown. */
  sample: string[][]
  /** The columns each field probably is in, by header name. */
  suggested: MappingDraft
}

/** Reads the start of the file: its encoding, separator, header and first rows, and a mapping to start from. */
export async function previewOrdersFile(path: string): Promise<OrdersFilePreview> {
  await checkOrdersFile(path)
  const handle = await open(path, 'r')
  let sample: Buffer
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0)
    sample = buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
  const { text, encoding } = decodeSample(sample)
  const delimiter = detectDelimiter(text)
  // Whole records only: the sample may end mid-row.
  const records = parseSync(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: PREVIEW_ROWS + 40, max_record_size: MAX_RECORD_BYTES, skip_records_with_error: true }) as string[][]
  const [header = [], ...rest] = records
  const rows = rest.slice(0, PREVIEW_ROWS)
  const find = (field: keyof ColumnMapping, taken: Set<string>) => header.find((h) => !taken.has(h) && FIELD_PATTERNS.find(([f]) => f === field)![1].test(h)) ?? null
  const taken = new Set<string>()
  const pick = (field: keyof ColumnMapping) => {
    const column = find(field, taken)
    if (column) taken.add(column)
    return column
  }
  const reference = pick('reference')
  const amount = pick('amount')
  const currency = pick('currency')
  const date = pick('date')
  const status = pick('status')
  const customer = pick('customer')
  const formats = guessFormats(rows, amount ? header.indexOf(amount) : -1, date ? header.indexOf(date) : -1)
  return {
    layout: { encoding, delimiter, header },
    rows,
    sample: rest,
    suggested: { reference: reference ?? '', amount: amount ?? '', currency, fixedCurrency: null, date, fixedDay: null, customer, status, ...formats },
  }
}

/** The key a file layout's mapping is remembered under: its header, as written. */
export function headerKey(header: string[]): string {
  return createHash('sha256').update(JSON.stringify(header.map((h) => h.trim().toLowerCase()))).digest('hex')
}

/** "1.234,56", "1,234.56", "£12.50", "12 500,00": minor units of `currency`, or why not. */
export function parseOrderAmount(text: string, decimalSeparator: '.' | ',', currency: string): number | string {
  if (!text.trim()) return 'the amount is empty'
  // A currency sign or code before or after the number ("£12.50", "12,50 EUR") is not part of it.
  const plain = text.replace(/[\s\u00a0\u202f'’]/g, '').replace(/^([£$€¥₩]|[A-Za-z]{3}(?=[\d(-]))/, '').replace(/([£$€¥₩]|(?<=\d)[A-Za-z]{3})$/, '')
  if (/^[-(]/.test(plain)) return `the amount "${text}" is negative: an order is a sale`
  const grouping = decimalSeparator === '.' ? /,/g : /\./g
  const normal = plain.replace(grouping, '').replace(',', '.')
  if (!/^\d+(\.\d+)?$/.test(normal)) return `"${text}" is not an amount`
  const minor = parseMajorAmount(normal, currency)
  return minor ?? `"${text}" has more decimals than ${currency} allows`
}

/** "2026-11-25 14:03", "25/11/2026", "2026-11-25T14:03:00+01:00": an instant, local times read in `zone`. */
export function parseOrderDate(text: string, order: ColumnMapping['dateOrder'], zone: string): string | { error: string } {
  const t = text.trim()
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(t) && /^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const ms = Date.parse(t)
    return Number.isNaN(ms) ? { error: `"${text}" is not a date` } : new Date(ms).toISOString()
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t)
  const local = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t)
  let parts: number[]
  if (iso) parts = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]].map((p) => Number(p ?? 0))
  else if (local) {
    const [a, b, y] = [Number(local[1]), Number(local[2]), Number(local[3])]
    const [day, month] = order === 'mdy' ? [b, a] : [a, b]
    parts = [y, month, day, ...[local[4], local[5], local[6]].map((p) => Number(p ?? 0))]
  } else return { error: `"${text}" is not a date this import reads (use 2026-11-25 or 25/11/2026, with an optional time)` }
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number]
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return { error: `"${text}" is not a real date` }
  return zonedInstant({ year, month, day, hour, minute, second }, zone).toISOString()
}

const dayParts = (day: string) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return { year, month, day: date }
}

/** One data row to an order, or the reason it cannot be one. */
export function orderFromRow(cells: string[], columns: Record<string, number>, mapping: ColumnMapping, zone: string): OrderRow | string {
  const cell = (name: string | null) => (name === null ? '' : (cells[columns[name]!] ?? '').trim())
  const reference = cell(mapping.reference)
  if (!reference) return 'the order reference is empty'
  if (reference.length > 200) return 'the order reference is longer than 200 characters'
  const currency = mapping.currency !== null ? cell(mapping.currency).toUpperCase() : mapping.fixedCurrency!
  if (!/^[A-Z]{3}$/.test(currency)) return currency ? `"${currency}" is not a currency code (3 letters, such as GBP)` : 'the currency is empty'
  const amount = parseOrderAmount(cell(mapping.amount), mapping.decimalSeparator, currency)
  if (typeof amount === 'string') return amount
  // A file of one day without dates: its orders are put at that day's noon in the zone, inside the day however its clocks change.
  const orderedAt = mapping.date === null ? zonedInstant({ ...dayParts(mapping.fixedDay!), hour: 12, minute: 0, second: 0 }, zone).toISOString() : parseOrderDate(cell(mapping.date), mapping.dateOrder, zone)
  if (typeof orderedAt !== 'string') return orderedAt.error
  return { reference, amount, currency, ordered_at: orderedAt, customer: cell(mapping.customer) || null, status: cell(mapping.status) || null }
}

export function rowKey(row: OrderRow): string {
  return createHash('sha256').update(`${row.reference}\u0000${row.amount}\u0000${row.currency}\u0000${row.ordered_at}`).digest('base64url')
}

export interface ReadRow {
  line: number
  raw: string
  order: OrderRow | null
  error: string | null
}

/**
 * Streams the file's data rows, in batches, each an order or a stated reason; resolves with the
 * file's SHA-256 and the number of data rows. `layout` is what previewOrdersFile found.
 */
export async function readOrdersFile(path: string, layout: CsvLayout, mapping: ColumnMapping, zone: string, onBatch: (rows: ReadRow[]) => void, signal?: AbortSignal): Promise<{ fileHash: string; rows: number; fileName: string }> {
  await checkOrdersFile(path)
  const hash = createHash('sha256')
  const source = createReadStream(path, signal ? { signal } : {})
  const decoder = new TextDecoder(layout.encoding)
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      done(null, decoder.decode(chunk, { stream: true }))
    },
    flush(done) {
      done(null, decoder.decode())
    },
  })
  const parser = parse({ delimiter: layout.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, raw: true, info: true, max_record_size: MAX_RECORD_BYTES })
  let batch: ReadRow[] = []
  let rows = 0
  let columns: Record<string, number> | null = null
  const flush = () => {
    if (batch.length) onBatch(batch)
    batch = []
  }
  parser.on('skip', (error: Error & { lines?: number; raw?: string }) => {
    rows++
    batch.push({ line: error.lines ?? 0, raw: (error.raw ?? '').slice(0, 500), order: null, error: `the CSV cannot be read here: ${error.message}` })
  })
  source.pipe(decode).pipe(parser)
  for await (const entry of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    const raw = entry.raw.replace(/\r?\n$/, '')
    const line = entry.info.lines - (raw.match(/\n/g)?.length ?? 0)
    if (!columns) {
      const header = entry.record.map((h) => h.replace(/^\ufeff/, '').trim())
      columns = Object.fromEntries(header.map((h, i) => [h, i]))
      const missing = [mapping.reference, mapping.amount, mapping.date, mapping.currency, mapping.customer, mapping.status].filter((c): c is string => c !== null && !(c in columns!))
      if (missing.length) throw new AppError('invalid_input', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}: choose the columns again.`)
      continue
    }
    rows++
    const result = orderFromRow(entry.record, columns, mapping, zone)
    batch.push(typeof result === 'string' ? { line, raw: raw.slice(0, 500), order: null, error: result } : { line, raw: '', order: result, error: null })
    if (batch.length >= 2000) flush()
  }
  flush()
  return { fileHash: hash.digest('hex'), rows, fileName: basename(path) }
}
