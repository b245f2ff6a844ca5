import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importOrders, rememberedMapping } from '../../../src-main/reconciliation/import-orders'
import { OrdersPreview } from '../../../src-main/reconciliation/contract'
import { parseOrderAmount, parseOrderDate, previewOrdersFile } from '../../../src-main/reconciliation/orders-csv'
import { openPaymentsStore } from '../../../src-main/store/payments-store'

let dir: string
let store: Awaited<ReturnType<typeof openPaymentsStore>>
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paydesk-orders-'))
  store = await openPaymentsStore(join(dir, 'payments.sqlite'))
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const now = () => new Date('2026-11-26T09:00:00Z')
const orders = () => store.sqlite.prepare('select reference, amount, currency, ordered_at, customer, status, line from orders order by id').all() as Record<string, unknown>[]

describe('reading a shop’s orders file', () => {
  it('reads a UTF-8 file with a BOM, commas, quoted fields with newlines and thousands separators', async () => {
    const path = file('shop-utf8.csv', '\ufeffOrder ID,Created,Total,Currency,Customer,Status\r\nORD-1,2026-11-25 14:03,"1,234.56",GBP,"Zoë, ""the buyer""",paid\r\nORD-2,2026-11-25 09:00,12.5,eur,"Line one\nline two",paid\r\n')
    const preview = await previewOrdersFile(path)
    expect(preview.layout).toEqual({ encoding: 'utf-8', delimiter: ',', header: ['Order ID', 'Created', 'Total', 'Currency', 'Customer', 'Status'] })
    expect(preview.suggested).toMatchObject({ reference: 'Order ID', amount: 'Total', currency: 'Currency', date: 'Created', customer: 'Customer', status: 'Status', decimalSeparator: '.', dateOrder: 'ymd' })
    const summary = await importOrders(store.db, { path, mapping: preview.suggested, zone: 'Europe/London', now })
    expect(summary).toMatchObject({ rows: 2, imported: 2, duplicates: 0, bad: 0, importedBefore: null })
    expect(orders()).toEqual([
      { reference: 'ORD-1', amount: 123456, currency: 'GBP', ordered_at: '2026-11-25T14:03:00.000Z', customer: 'Zoë, "the buyer"', status: 'paid', line: 2 },
      { reference: 'ORD-2', amount: 1250, currency: 'EUR', ordered_at: '2026-11-25T09:00:00.000Z', customer: 'Line one\nline two', status: 'paid', line: 3 },
    ])
    // The mapping is remembered for the next file with this header.
    expect(await rememberedMapping(store.db, preview.layout.header)).toEqual(preview.suggested)
  })

  it('reads Windows-1252 with semicolons, decimal commas, day-first dates in the chosen zone, and lists bad rows by line', async () => {
    const text = 'Bestellnummer;Datum;Betrag;Währung;Kunde\r\nB-100;25.11.2026 14:03;1.234,56;EUR;Jürgen Müller\r\nB-101;31.11.2026;5,00;EUR;x\r\nB-102;25.11.2026;abc;EUR;y\r\n;25.11.2026;1,00;EUR;z\r\nB-103;25.11.2026 23:30;0,5;KWD;Ölfirma\r\nB-104;25.11.2026;10;EURO;q\r\n'
    const path = file('shop-latin1.csv', Buffer.from(text, 'latin1'))
    const preview = await previewOrdersFile(path)
    expect(preview.layout.encoding).toBe('windows-1252')
    expect(preview.layout.delimiter).toBe(';')
    expect(preview.layout.header[3]).toBe('Währung')
    expect(preview.suggested).toMatchObject({ reference: 'Bestellnummer', amount: 'Betrag', currency: 'Währung', date: 'Datum', decimalSeparator: ',', dateOrder: 'dmy' })
    const before = orders().length
    const summary = await importOrders(store.db, { path, mapping: preview.suggested, zone: 'Europe/Berlin', now })
    expect(summary).toMatchObject({ rows: 6, imported: 2, bad: 4 })
    expect(summary.errors).toEqual([
      { line: 3, reason: '"31.11.2026" is not a real date' },
      { line: 4, reason: '"abc" is not an amount' },
      { line: 5, reason: 'the order reference is empty' },
      { line: 7, reason: '"EURO" is not a currency code (3 letters, such as GBP)' },
    ])
    const added = orders().slice(before)
    expect(added).toEqual([
      { reference: 'B-100', amount: 123456, currency: 'EUR', ordered_at: '2026-11-25T13:03:00.000Z', customer: 'Jürgen Müller', status: null, line: 2 },
      { reference: 'B-103', amount: 500, currency: 'KWD', ordered_at: '2026-11-25T22:30:00.000Z', customer: 'Ölfirma', status: null, line: 6 },
    ])
    expect((store.sqlite.prepare('select count(*) as n from order_import_errors where import_id = ?').get(summary.importId) as { n: number }).n).toBe(4)
  })

  it('imports the same file again without doubling a row, and says when it was first imported', async () => {
    const path = file('again.csv', 'ref,date,amount,currency\nA-1,2026-11-25,10.00,GBP\nA-2,2026-11-25,20.00,GBP\n')
    const preview = await previewOrdersFile(path)
    const first = await importOrders(store.db, { path, mapping: preview.suggested, zone: 'UTC', now })
    const count = orders().length
    const second = await importOrders(store.db, { path, mapping: preview.suggested, zone: 'UTC', now })
    expect(first).toMatchObject({ imported: 2, duplicates: 0 })
    expect(second).toMatchObject({ imported: 0, duplicates: 2, importedBefore: '2026-11-26T09:00:00.000Z' })
    expect(orders().length).toBe(count)
  })

  it('reads tab-separated files, month-first dates and a whole file in one currency', async () => {
    const path = file('tabs.tsv', 'order\twhen\ttotal\nT-1\t11/25/2026 08:15\t7\n')
    const preview = await previewOrdersFile(path)
    expect(preview.layout.delimiter).toBe('\t')
    const mapping = { ...preview.suggested, date: 'when', currency: null, fixedCurrency: 'JPY', dateOrder: 'mdy' as const }
    const summary = await importOrders(store.db, { path, mapping, zone: 'Asia/Tokyo', now })
    expect(summary).toMatchObject({ imported: 1, bad: 0 })
    expect(orders().at(-1)).toMatchObject({ reference: 'T-1', amount: 7, currency: 'JPY', ordered_at: '2026-11-24T23:15:00.000Z' })
  })

  it('reads the number and date formats shops write', () => {
    expect(parseOrderAmount('£1,234.56', '.', 'GBP')).toBe(123456)
    expect(parseOrderAmount('1 234,56 €', ',', 'EUR')).toBe(123456)
    expect(parseOrderAmount("1'234.50", '.', 'CHF')).toBe(123450)
    expect(parseOrderAmount('1.050', ',', 'JPY')).toBe(1050)
    expect(parseOrderAmount('12.345', '.', 'GBP')).toBe('"12.345" has more decimals than GBP allows')
    expect(parseOrderAmount('-5.00', '.', 'GBP')).toMatch(/negative/)
    expect(parseOrderDate('2026-11-25T14:03:00+09:00', 'ymd', 'Europe/London')).toBe('2026-11-25T05:03:00.000Z')
    expect(parseOrderDate('29/02/2027', 'dmy', 'UTC')).toEqual({ error: '"29/02/2027" is not a real date' })
  })

  it('answers every preview: a file without a date column, headers it does not know, one column; a day chosen for the whole file', async () => {
    // The issue: these answered "Paydesk produced an invalid answer" and the mapping form never appeared.
    const answer = (path: string, mapping: unknown) => OrdersPreview.safeParse({ kind: 'preview', path, layout: { encoding: 'utf-8', delimiter: ',', header: [] }, rows: [], mapping, remembered: false, referenceMatch: null })
    const undated = file('one-day.csv', 'Bestellnummer;Betrag;Waehrung\nB-1;12,50;EUR\nB-2;3,00;EUR\n')
    const preview = await previewOrdersFile(undated)
    expect(preview.suggested).toMatchObject({ reference: 'Bestellnummer', amount: 'Betrag', currency: 'Waehrung', date: null, fixedDay: null, decimalSeparator: ',' })
    expect(answer(undated, preview.suggested).success).toBe(true)
    for (const [name, content] of [['unknown.csv', 'Spalte A;Spalte B\nx;y\n'], ['one-column.csv', 'just text\nanother line\n']] as const) {
      const path = file(name, content)
      const odd = await previewOrdersFile(path)
      expect(odd.suggested).toMatchObject({ reference: '', amount: '' })
      expect(answer(path, odd.suggested).success).toBe(true)
    }
    // Imported with "every order in this file is for 25 Nov": each at that day's noon in the zone.
    const before = orders().length
    const summary = await importOrders(store.db, { path: undated, mapping: { ...preview.suggested, fixedDay: '2026-11-25' }, zone: 'Asia/Tokyo', now })
    expect(summary).toMatchObject({ rows: 2, imported: 2, bad: 0 })
    expect(orders().slice(before).map((o) => [o.reference, o.amount, o.ordered_at])).toEqual([
      ['B-1', 1250, '2026-11-25T03:00:00.000Z'],
      ['B-2', 300, '2026-11-25T03:00:00.000Z'],
    ])
    // Neither a date column nor a day: refused with what to choose.
    await expect(importOrders(store.db, { path: undated, mapping: preview.suggested, zone: 'Asia/Tokyo', now })).rejects.toThrow(/order date, or the one day every order in the file is for/)
  })

  it('reads UTF-16 with its byte order mark, and refuses a binary file with a sentence', async () => {
    const text = 'Reference,Date,Amount,Currency\r\nU16-1,2026-11-25 10:00,"1,234.50",GBP\r\n'
    const path = file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const preview = await previewOrdersFile(path)
    expect(preview.layout).toMatchObject({ encoding: 'utf-16le', header: ['Reference', 'Date', 'Amount', 'Currency'] })
    const before = orders().length
    await importOrders(store.db, { path, mapping: { ...preview.suggested, fixedDay: null }, zone: 'UTC', now })
    expect(orders().slice(before)).toMatchObject([{ reference: 'U16-1', amount: 123450, currency: 'GBP', ordered_at: '2026-11-25T10:00:00.000Z' }])
    const binary = file('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]))
    await expect(previewOrdersFile(binary)).rejects.toThrow(/not a text file \(it holds NUL bytes\)/)
  })

  it('reads only a regular file of a sane size by its full path, and a failed import leaves nothing behind', async () => {
    const mapping = { reference: 'Reference', amount: 'Amount', currency: 'Currency', fixedCurrency: null, date: 'Date', fixedDay: null, customer: null, status: null, decimalSeparator: '.' as const, dateOrder: 'ymd' as const }
    const run = (path: string) => importOrders(store.db, { path, mapping, zone: 'UTC', now })
    // The issue: /dev/zero never answered and grew memory 5 MB/s; a FIFO hung the file thread pool.
    await expect(run('/dev/zero')).rejects.toThrow('/dev/zero is not a regular file')
    const fifo = join(dir, 'orders.fifo')
    execFileSync('mkfifo', [fifo])
    await expect(run(fifo)).rejects.toThrow('is not a regular file')
    await expect(run('orders.csv')).rejects.toThrow('is not a full path')
    await expect(run(join(dir, 'gone.csv'))).rejects.toThrow('There is no file at')
    const imports = () => (store.sqlite.prepare('select count(*) as n from order_imports').get() as { n: number }).n
    const before = { imports: imports(), orders: orders().length }
    // A column the mapping names is not in the file: a typed error, and no empty import left.
    const renamed = file('renamed.csv', 'Ref,Date,Amount,Currency\nR-1,2026-11-25,1.00,GBP\n')
    await expect(run(renamed)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('The file has no column "Reference"') })
    expect({ imports: imports(), orders: orders().length }).toEqual(before)
    // A mapping under which every row failed is not remembered for the next file of that layout.
    const unreadable = file('wrong-map.csv', 'Ref No,When,Total,Cur\nW-1,yesterday,1.00,GBP\n')
    const wrong = { ...mapping, reference: 'Ref No', date: 'When', amount: 'Total', currency: 'Cur' }
    expect(await importOrders(store.db, { path: unreadable, mapping: wrong, zone: 'UTC', now })).toMatchObject({ imported: 0, bad: 1 })
    expect(await rememberedMapping(store.db, ['Ref No', 'When', 'Total', 'Cur'])).toBeNull()
  })
})
