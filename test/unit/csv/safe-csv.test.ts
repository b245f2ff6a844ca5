import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { safeCsvStringifier, spreadsheetSafe } from '../../../src-main/csv/safe-csv'

// The 15 cells the safety probe found exported as they were: references and emails a customer
// chose, starting with what a spreadsheet runs as a formula.
const DANGEROUS = [
  '=1+1', '=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", '+1+1', '+SUM(A1:A2)', '-1+1', '-2-3', '@SUM(1,1)', '@evil',
  '\t=1+1', '\r=1+1', '=x@example.com', '+x@example.com', '-x@example.com', '@x@example.com',
]

describe('spreadsheet-safe CSV', () => {
  it('neutralises every cell a spreadsheet would read as a formula', () => {
    for (const cell of DANGEROUS) expect(spreadsheetSafe(cell)).toBe(`'${cell}`)
  })

  it('leaves numbers, negative ones included, and ordinary text alone', () => {
    for (const cell of ['-12.50', '+3', '1050', '0.001', 'ORD-1', 'a@example.com', '', 'x=1']) expect(spreadsheetSafe(cell)).toBe(cell)
  })

  it('writes them through the stringifier, and they read back as text with the apostrophe', async () => {
    const csv = safeCsvStringifier(['reference', 'amount'])
    let text = ''
    csv.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const done = new Promise((resolve) => csv.on('end', resolve))
    for (const cell of DANGEROUS) csv.write([cell, '-1.00'])
    csv.end()
    await done
    const rows = parse(text, { columns: true }) as { reference: string; amount: string }[]
    expect(rows.map((r) => r.reference)).toEqual(DANGEROUS.map((c) => `'${c}`))
    expect(rows.every((r) => r.amount === '-1.00')).toBe(true)
  })
})
