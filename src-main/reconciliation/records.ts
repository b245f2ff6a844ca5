import { z } from 'zod'

// What reconciliation keeps in a connection's payments database (migration 014): the
// merchant's orders as imported, the imports themselves, the column mapping remembered per file
// layout, and everything finance does by hand (links, explanations, a day's close), which
// survives re-imports and re-syncs because it is keyed by order id, payment id and line key.
// Pure zod: the contract reuses these schemas.

const Minor = z.number().int()
const Text = z.string().nullable()

export const OrderRecord = z.object({
  id: z.number().int(),
  reference: z.string().min(1).max(200),
  /** Minor units of `currency`. */
  amount: Minor,
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** An instant (ISO 8601 UTC): the file's local times are read in the chosen time zone. */
  ordered_at: z.string(),
  customer: Text,
  status: Text,
  import_id: z.number().int(),
  /** The line of the file it came from (1 is the header). */
  line: z.number().int(),
  /** Reference, amount, currency and time: the same order imported twice is one row. */
  row_key: z.string(),
})
export type OrderRecord = z.infer<typeof OrderRecord>

export const ORDER_FIELDS = ['reference', 'amount', 'currency', 'date', 'customer', 'status'] as const
export type OrderField = (typeof ORDER_FIELDS)[number]

/** Which column of the file holds each field, and how its numbers and dates are written. */
const MAPPING_FIELDS = {
  reference: z.string(),
  amount: z.string(),
  /** The currency column, or null with `fixedCurrency` for a file in one currency. */
  currency: z.string().nullable(),
  fixedCurrency: z.string().regex(/^[A-Z]{3}$/, 'a currency is 3 capital letters').nullable(),
  /** The date column, or null with `fixedDay` for a file of one day's orders that has no dates (many shops export a day that way). */
  date: z.string().nullable(),
  fixedDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written 2026-11-25').nullable().default(null),
  customer: z.string().nullable(),
  status: z.string().nullable(),
  decimalSeparator: z.enum(['.', ',']),
  dateOrder: z.enum(['ymd', 'dmy', 'mdy']),
}

/** A mapping as the preview suggests it: a column it could not find is left empty for the person to choose (a file with headers Paydesk does not know, or one column). */
export const MappingDraft = z.object(MAPPING_FIELDS).strict()
export type MappingDraft = z.infer<typeof MappingDraft>

export const ColumnMapping = z
  .object({
    ...MAPPING_FIELDS,
    reference: z.string().min(1, 'choose the column with the order reference'),
    amount: z.string().min(1, 'choose the column with the amount'),
  })
  .strict()
  .refine((m) => m.currency !== null || m.fixedCurrency !== null, { message: 'choose the currency column, or the one currency of the whole file', path: ['currency'] })
  .refine((m) => m.date !== null || m.fixedDay !== null, { message: 'choose the column with the order date, or the one day every order in the file is for', path: ['date'] })
export type ColumnMapping = z.infer<typeof ColumnMapping>

export const OrderImportRecord = z.object({
  id: z.number().int(),
  file_name: z.string(),
  file_hash: z.string(),
  header_json: z.string(),
  mapping_json: z.string(),
  encoding: z.string(),
  delimiter: z.string(),
  time_zone: z.string(),
  /** Data lines read, rows stored, rows already there (a re-import), rows refused. */
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  bad: z.number().int(),
  imported_at: z.string(),
})
export type OrderImportRecord = z.infer<typeof OrderImportRecord>

export const OrderImportError = z.object({ import_id: z.number().int(), line: z.number().int(), reason: z.string(), raw: z.string() })
export type OrderImportError = z.infer<typeof OrderImportError>

export const RECON_LINK_KINDS = ['link', 'unlink'] as const
export const ReconLinkRecord = z.object({ order_id: z.number().int(), payment_id: z.string(), kind: z.enum(RECON_LINK_KINDS), by: z.string(), at: z.string() })
export type ReconLinkRecord = z.infer<typeof ReconLinkRecord>

export const ReconExplanationRecord = z.object({ day: z.string(), line_key: z.string(), note: z.string().min(1).max(500), by: z.string(), at: z.string() })
export type ReconExplanationRecord = z.infer<typeof ReconExplanationRecord>

export const DAY_STATES = ['open', 'closed'] as const
export const ReconDayRecord = z.object({
  day: z.string(),
  time_zone: z.string(),
  state: z.enum(DAY_STATES),
  by: Text,
  at: Text,
  /** The day's summary as it was closed (migration 016). */
  summary_json: Text,
})
export type ReconDayRecord = z.infer<typeof ReconDayRecord>

/** Closing and reopening a day: who, when, and (reopening) why. */
export const ReconDayEventRecord = z.object({ id: z.number().int(), day: z.string(), action: z.enum(['close', 'reopen']), by: z.string(), why: Text, at: z.string() })
export type ReconDayEventRecord = z.infer<typeof ReconDayEventRecord>
