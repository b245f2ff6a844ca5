import { stringify, type Stringifier } from 'csv-stringify'
import { stringify as stringifyAll } from 'csv-stringify/sync'

// Every CSV Paydesk writes goes through here. A cell that a spreadsheet would read as a formula
// (it starts with =, +, -, @, a tab or a carriage return: OWASP's list) gets a leading
// apostrophe, so a reference or an email chosen by a customer ("=HYPERLINK(…)") stays text
// when finance opens the file. Plain numbers ("-12.50", a refund) are left as numbers:
// csv-stringify's own escape_formulas would quote them too.

const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/

export function spreadsheetSafe(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell
}

/** A csv-stringify stream with a header row and every string cell made spreadsheet-safe. */
export function safeCsvStringifier(columns: readonly string[]): Stringifier {
  return stringify({ header: true, columns: [...columns], cast: { string: spreadsheetSafe } })
}

/** A small table as CSV text at once, with the same header and safety as the stream. */
export function safeCsvText(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringifyAll(rows.map((r) => [...r]), { header: true, columns: [...columns], cast: { string: spreadsheetSafe } })
}
