import type { Kysely } from 'kysely'
import type { PaymentsDatabase } from '../store/payments-database'
import { headerKey, previewOrdersFile, readOrdersFile, rowKey, type ReadRow } from './orders-csv'
import { ColumnMapping } from './records'

// An orders file into the store: every data row becomes an order or a listed error (line and
// reason), nothing is dropped silently, and a row already imported (the same reference, amount,
// currency and time) is counted as such, never doubled. The mapping is remembered for the next
// file with the same header.

export interface ImportSummary {
  importId: number
  fileName: string
  rows: number
  imported: number
  duplicates: number
  bad: number
  /** The first errors, by line (all are kept in the store). */
  errors: { line: number; reason: string }[]
  /** When this very file (same bytes) was imported before, if it was. */
  importedBefore: string | null
}

const SHOWN_ERRORS = 200
const CHUNK = 500

export async function importOrders(db: Kysely<PaymentsDatabase>, input: { path: string; mapping: ColumnMapping; zone: string; now: () => Date; signal?: AbortSignal; progress?: (rows: number) => void }): Promise<ImportSummary> {
  const mapping = ColumnMapping.parse(input.mapping)
  const { layout } = await previewOrdersFile(input.path)
  const started = input.now().toISOString()
  const { id: importId } = await db
    .insertInto('order_imports')
    .values({ file_name: '', file_hash: '', header_json: JSON.stringify(layout.header), mapping_json: JSON.stringify(mapping), encoding: layout.encoding, delimiter: layout.delimiter, time_zone: input.zone, rows: 0, imported: 0, duplicates: 0, bad: 0, imported_at: started })
    .returning('id')
    .executeTakeFirstOrThrow()
  let imported = 0
  let duplicates = 0
  let bad = 0
  let seen = 0
  const errors: ImportSummary['errors'] = []
  const write = async (batch: ReadRow[]) => {
    await db.transaction().execute(async (trx) => {
      const good = batch.filter((r) => r.order)
      for (let i = 0; i < good.length; i += CHUNK) {
        const rows = good.slice(i, i + CHUNK).map((r) => ({ ...r.order!, import_id: importId, line: r.line, row_key: rowKey(r.order!) }))
        const result = await trx.insertInto('orders').values(rows).onConflict((oc) => oc.column('row_key').doNothing()).executeTakeFirst()
        const inserted = Number(result.numInsertedOrUpdatedRows ?? 0)
        imported += inserted
        duplicates += rows.length - inserted
      }
      const failed = batch.filter((r) => r.error)
      for (let i = 0; i < failed.length; i += CHUNK) {
        await trx
          .insertInto('order_import_errors')
          .values(failed.slice(i, i + CHUNK).map((r) => ({ import_id: importId, line: r.line, reason: r.error!, raw: r.raw })))
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
      bad += failed.length
      for (const f of failed) if (errors.length < SHOWN_ERRORS) errors.push({ line: f.line, reason: f.error! })
    })
    seen += batch.length
    input.progress?.(seen)
  }
  // Batches are written in order, one transaction each, while the next is read.
  let chain = Promise.resolve()
  let read: Awaited<ReturnType<typeof readOrdersFile>>
  try {
    read = await readOrdersFile(input.path, layout, mapping, input.zone, (batch) => {
      chain = chain.then(() => write(batch))
    }, input.signal)
    await chain
  } catch (error) {
    // A file that cannot be read to its end (a column gone, a cancel) leaves no import behind, not half of one.
    await chain.catch(() => {})
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('orders').where('import_id', '=', importId).execute()
      await trx.deleteFrom('order_import_errors').where('import_id', '=', importId).execute()
      await trx.deleteFrom('order_imports').where('id', '=', importId).execute()
    })
    throw error
  }
  const before = await db.selectFrom('order_imports').select('imported_at').where('file_hash', '=', read.fileHash).where('id', '<>', importId).orderBy('id').executeTakeFirst()
  await db.updateTable('order_imports').set({ file_name: read.fileName, file_hash: read.fileHash, rows: read.rows, imported, duplicates, bad }).where('id', '=', importId).execute()
  const key = headerKey(layout.header)
  // A mapping under which no row could be read is a wrong one: not offered again.
  if (imported + duplicates > 0 || bad === 0) await db
    .insertInto('order_column_maps')
    .values({ header_key: key, mapping_json: JSON.stringify(mapping), updated_at: started })
    .onConflict((oc) => oc.column('header_key').doUpdateSet({ mapping_json: JSON.stringify(mapping), updated_at: started }))
    .execute()
  return { importId, fileName: read.fileName, rows: read.rows, imported, duplicates, bad, errors, importedBefore: before?.imported_at ?? null }
}

/** The mapping used last time for files with this header, if any. */
export async function rememberedMapping(db: Kysely<PaymentsDatabase>, header: string[]): Promise<ColumnMapping | null> {
  const row = await db.selectFrom('order_column_maps').select('mapping_json').where('header_key', '=', headerKey(header)).executeTakeFirst()
  if (!row) return null
  const parsed = ColumnMapping.safeParse(JSON.parse(row.mapping_json))
  return parsed.success ? parsed.data : null
}
