import { z } from 'zod'
import { CalendarDay as Day, TimeZoneName as TimeZone, type CallTable } from '../contract/define'
import { OpenFileAnswer } from '../desktop/desktop'
import { LINE_STATES, MATCH_RULES } from './matching'
import { ColumnMapping, MappingDraft } from './records'

// The Reconciliation screen's calls: import the shop's orders, reconcile a day, act by hand
// (link, unlink, explain, close, reopen), export. Days are calendar days in the chosen zone.

const Minor = z.number().int()
const Who = z.object({ by: z.string(), at: z.string() })

export const CurrencySummary = z.object({
  currency: z.string(),
  orders: z.number().int(),
  ordersTotal: Minor,
  authorised: Minor,
  captured: Minor,
  refunded: Minor,
  fees: z.array(z.object({ type: z.string(), amount: Minor })),
  net: Minor,
  paidOut: Minor,
  unexplained: Minor,
})
export type CurrencySummary = z.infer<typeof CurrencySummary>

export const PayoutCheck = z.object({ id: z.string(), currency: z.string(), payoutDate: z.string(), amount: Minor, lines: Minor, difference: Minor })
export type PayoutCheck = z.infer<typeof PayoutCheck>

export const ReconciledLine = z.object({
  key: z.string(),
  state: z.enum(LINE_STATES),
  rule: z.enum(MATCH_RULES).nullable(),
  orderIds: z.array(z.string()),
  paymentIds: z.array(z.string()),
  payoutIds: z.array(z.string()),
  currency: z.string(),
  expected: Minor.nullable(),
  actual: Minor.nullable(),
  difference: Minor,
  /** A "currency differs" line: the money received in each other currency (captured less refunded), beside the order's currency. */
  paidInOther: z.array(z.object({ currency: z.string(), amount: Minor })).optional(),
  explanation: z.object({ note: z.string() }).extend(Who.shape).nullable(),
  /** The order's reference, for the screen (the first order of the line). */
  reference: z.string().nullable(),
})
export type ReconciledLine = z.infer<typeof ReconciledLine>

export const DayReconciliation = z.object({
  day: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  state: z.enum(['open', 'balanced', 'closed']),
  closed: Who.extend({
    timeZone: z.string(),
    /** The summary the day was closed with. */
    summary: z.array(CurrencySummary),
    /** What differs now from the closed summary (a late refund, a re-sync): empty when nothing does. */
    changes: z.array(z.string()),
  }).nullable(),
  history: z.array(z.object({ action: z.enum(['close', 'reopen']), by: z.string(), why: z.string().nullable(), at: z.string() })),
  summary: z.array(CurrencySummary),
  lines: z.array(ReconciledLine),
  /** Lines in each state (before the state filter and the limit). */
  counts: z.record(z.string(), z.number().int()),
  payouts: z.array(PayoutCheck),
})
export type DayReconciliation = z.infer<typeof DayReconciliation>

export const ImportSummary = z.object({
  importId: z.number().int(),
  fileName: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  bad: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  importedBefore: z.string().nullable(),
})

export const OrdersPreview = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('preview'),
    path: z.string(),
    layout: z.object({ encoding: z.string(), delimiter: z.string(), header: z.array(z.string()) }),
    rows: z.array(z.array(z.string())),
    /** The columns found (or used last time): one not found is empty, to be chosen. */
    mapping: MappingDraft,
    /** The mapping is the one used last time for this header. */
    remembered: z.boolean(),
    /** The column whose values are most often references of payments on this computer, in the file's first rows: how many of how many. */
    referenceMatch: z.object({ column: z.string(), matched: z.number().int(), sampled: z.number().int() }).nullable(),
  }),
  OpenFileAnswer.options[1],
  OpenFileAnswer.options[2],
])

/** How orders and payments are matched: the reference prefixes and suffixes ignored, the time window for amount matches. */
export const MatchRulesSchema = z
  .object({
    prefixes: z.array(z.string().trim().min(1).max(20)).max(20),
    suffixes: z.array(z.string().trim().min(1).max(20)).max(20),
    windowMinutes: z.number().int().min(0, 'the window is at least 0 minutes').max(1440, 'the window is at most a day (1440 minutes)'),
  })
  .strict()

const DayInput = z.object({ day: Day, timeZone: TimeZone })

export const reconciliationCalls = {
  'recon.day': {
    input: DayInput.extend({ state: z.enum(LINE_STATES).optional(), limit: z.number().int().min(1).max(2000).default(500) }).strict(),
    output: DayReconciliation,
  },
  /** Chooses the orders file (a dialog, or a typed path in the browser host) and reads its start. */
  'recon.import.preview': { input: z.object({ typedPath: z.string().trim().min(1).max(4096).optional() }).strict(), output: OrdersPreview },
  'recon.import.run': { input: z.object({ path: z.string().min(1).max(4096), mapping: ColumnMapping, timeZone: TimeZone }).strict(), output: ImportSummary },
  'recon.link': { input: z.object({ day: Day, orderId: z.string().regex(/^\d+$/), paymentId: z.string().regex(/^pay_\w{26}$/, 'a payment id is pay_ followed by 26 letters or digits') }).strict(), output: z.object({ ok: z.literal(true) }) },
  'recon.unlink': { input: z.object({ day: Day, orderId: z.string().regex(/^\d+$/), paymentId: z.string().max(40) }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** A note on a line; null takes the explanation back. */
  'recon.explain': { input: z.object({ day: Day, lineKey: z.string().max(120), note: z.string().trim().min(3, 'say in a few words why').max(500).nullable() }).strict(), output: z.object({ ok: z.literal(true) }) },
  'recon.close': { input: DayInput.strict(), output: DayReconciliation },
  'recon.reopen': { input: DayInput.extend({ why: z.string().trim().min(3, 'say why the day is reopened').max(500) }).strict(), output: DayReconciliation },
  /** One order as imported: where it came from, its customer and status. */
  'recon.order': {
    input: z.object({ id: z.string().regex(/^\d+$/) }).strict(),
    output: z.object({ id: z.string(), reference: z.string(), amount: Minor, currency: z.string(), orderedAt: z.string(), customer: z.string().nullable(), status: z.string().nullable(), line: z.number().int(), fileName: z.string(), importedAt: z.string() }),
  },
  /** A payout and the actions in it: what explains its amount. */
  'recon.payout': {
    input: z.object({ id: z.string().min(1).max(60) }).strict(),
    output: z.object({
      payout: PayoutCheck,
      actions: z.array(z.object({ actionId: z.string(), paymentId: z.string(), actionType: z.string(), gross: Minor, fees: Minor, net: Minor })),
    }),
  },
  'recon.rules.get': { input: z.object({}).strict(), output: MatchRulesSchema },
  'recon.rules.save': { input: MatchRulesSchema, output: MatchRulesSchema },
  'recon.export': { input: DayInput.strict(), output: z.object({ file: z.string(), rows: z.number().int() }).nullable() },
} satisfies CallTable
