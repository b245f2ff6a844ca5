import { createHmac, timingSafeEqual } from 'node:crypto'
import { stringify } from 'csv-stringify/sync'
import { formatMinorDecimal } from '../reference/minor-units'
import { CURRENT_PLATFORM_NAMES, paymentMethodOf } from './fees'
import { DAY_MS, ledgerOf, payoutDate, PAYOUT_DELAY_DAYS, stableId, type Ledger, type Payout, type SettledAction } from './settlement'
import { invalid, SimError } from './sim-error'
import { iso, type SimContext } from './sim-context'

// The current platform's Reports API (GET /reports, /reports/{id}, /reports/{id}/files/{fileId})
// and financial actions (GET /financial-actions). Reports are produced for every past day from
// the settlement ledger, so they never need storing and never change once visible:
// - FinancialActions: the actions processed on UTC day D, one row per fee line, at D+1 06:00;
// - FinancialActionsByPayoutId: the actions of one payout (tag payout_id:…), when it is made;
// - Payouts: the payouts of one date with their totals (a documented report whose API type
//   string is not published: "Payouts" is this simulator's choice).
// The file call answers 302 to a short-lived signed link, as the live API does to its storage.

export const ENTITY_ID = stableId('ent', 'simulator entity')
const CLIENT_ID = stableId('cli', 'simulator client')
const ENTITY_NAME = 'Paydesk Simulator Ltd'
const MID = 'sim-mid-0001'
const MCC = '5311'
const FILE_LINK_LIFETIME_MS = 15 * 60 * 1000

type ReportType = 'FinancialActions' | 'FinancialActionsByPayoutId' | 'Payouts'

interface Report {
  id: string
  type: ReportType
  createdOn: number
  from: number
  to: number
  tags: string[]
  fileId: string
  filename: string
  csv(): string
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')

export const ACTION_COLUMNS = [
  'Client Entity ID', 'Client Entity Name', 'Sub Entity ID', 'Sub Entity Name', 'Processing Channel ID', 'Merchant Category Code',
  'Currency Account ID', 'Currency Account Name', 'Currency Account Custom ID', 'Action Type', 'Action ID', 'Payment ID', 'Reference',
  'Requested On', 'Processed On', 'Processing Currency', 'FX Rate Applied', 'Holding Currency', 'Breakdown Type',
  'Processing Currency Amount', 'Holding Currency Amount', 'Payout ID', 'Payment Method', 'Card Type', 'Card Category', 'Issuer Country',
  'Region', 'MID', 'Response Code', 'Response Description',
] as const

export const PAYOUT_COLUMNS = [
  'Client Entity ID', 'Client Entity Name', 'Sub Entity ID', 'Sub Entity Name', 'Currency Account ID', 'Currency Account Name', 'Holding Currency',
  'Payout ID', 'Payout Date', 'Reporting Start Date', 'Reporting End Date', 'Payout Amount', 'Merchant Payout Fees', 'Payments', 'Refunds',
  'Chargebacks', 'Pay To Cards', 'Card Payment Interchange Fees', 'Card Payment Scheme Fees', 'Other Fees',
] as const

const currencyAccount = (currency: string) => stableId('ca', `currency account ${currency}`)
const EEA = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO'])

function cardFacts(ctx: SimContext, settled: SettledAction) {
  const source = settled.payment.sourceId ? ctx.state.sources[settled.payment.sourceId] : undefined
  const country = source?.profile.issuer_country ?? 'GB'
  return {
    payment_method: paymentMethodOf(source?.profile.scheme),
    card_type: settled.cardType,
    card_category: source?.profile.card_category ?? 'Consumer',
    issuer_country: country,
    region: (country === 'GB' ? 'Domestic' : EEA.has(country) ? 'EEA' : 'International') as 'Domestic' | 'EEA' | 'International',
  }
}

function actionRows(ctx: SimContext, actions: SettledAction[], payoutId: (settled: SettledAction) => string) {
  return actions.flatMap((settled) => {
    const { payment, action } = settled
    const card = cardFacts(ctx, settled)
    return settled.lines.map((line) => [
      ENTITY_ID, ENTITY_NAME, ENTITY_ID, ENTITY_NAME, payment.processing_channel_id ?? '', MCC,
      currencyAccount(line.holdingCurrency), `${line.holdingCurrency} account`, '', action.type, action.id, payment.id, action.reference ?? payment.reference ?? '',
      payment.requested_on, action.processed_on, payment.currency, String(line.rate), line.holdingCurrency, CURRENT_PLATFORM_NAMES[line.kind],
      formatMinorDecimal(line.minor, payment.currency), formatMinorDecimal(line.holdingMinor, line.holdingCurrency), payoutId(settled),
      card.payment_method, card.card_type, card.card_category, card.issuer_country, card.region, MID, action.response_code, action.response_summary,
    ])
  })
}

function payoutRow(payout: Payout) {
  const sum = (kinds: string[], sign?: 1 | -1) =>
    payout.actions.flatMap((a) => a.lines).filter((l) => kinds.includes(l.kind) && (sign === undefined || Math.sign(l.holdingMinor) === sign)).reduce((s, l) => s + l.holdingMinor, 0)
  const money = (minor: number) => formatMinorDecimal(minor, payout.holdingCurrency)
  const start = payout.day * DAY_MS
  return [
    ENTITY_ID, ENTITY_NAME, ENTITY_ID, ENTITY_NAME, currencyAccount(payout.holdingCurrency), `${payout.holdingCurrency} account`, payout.holdingCurrency,
    payout.id, iso(payoutDate(payout)), iso(start), iso(start + DAY_MS), money(payout.amount), money(0), money(sum(['gross'], 1)), money(sum(['gross'], -1)),
    money(0), money(0), money(sum(['interchange'])), money(sum(['scheme'])), money(sum(['authorization', 'refund'])),
  ]
}

const csvOf = (columns: readonly string[], rows: string[][]) => stringify(rows, { header: true, columns: [...columns] })

const catalogues = new WeakMap<Ledger, Report[]>()

/** Every report the ledger gives, visible or not yet, oldest first. */
function catalogue(ctx: SimContext): Report[] {
  const ledger = ledgerOf(ctx)
  const known = catalogues.get(ledger)
  if (known) return known
  const reports: Report[] = []
  const make = (type: ReportType, key: string, createdOn: number, from: number, to: number, tags: string[], name: string, csv: () => string) => {
    const id = stableId('rpt', `${type} ${key}`)
    reports.push({ id, type, createdOn, from, to, tags, fileId: stableId('file', `${type} ${key}`), filename: `${name}_${ENTITY_ID}_${ymd(from)}_${id.slice(4, 16)}_1.csv`, csv })
  }
  for (const [day, actions] of ledger.byDay) {
    const from = day * DAY_MS
    make('FinancialActions', String(day), from + DAY_MS + 6 * 3600_000, from, from + DAY_MS, [], 'financial-actions', () => csvOf(ACTION_COLUMNS, actionRows(ctx, actions, () => ''))) // not paid out yet when made
  }
  const byDate = new Map<number, Payout[]>()
  for (const payout of ledger.payouts.values()) {
    const from = payout.day * DAY_MS
    make('FinancialActionsByPayoutId', payout.id, payoutDate(payout) + 8 * 3600_000, from, from + DAY_MS, [`payout_id:${payout.id}`], 'financial-actions-by-payout-id', () =>
      csvOf(ACTION_COLUMNS, actionRows(ctx, payout.actions, () => payout.id)),
    )
    byDate.set(payout.day, [...(byDate.get(payout.day) ?? []), payout])
  }
  for (const [day, payouts] of byDate) {
    const date = (day + PAYOUT_DELAY_DAYS) * DAY_MS
    make('Payouts', String(date), date + 8 * 3600_000, day * DAY_MS, (day + 1) * DAY_MS, [], 'payouts', () => csvOf(PAYOUT_COLUMNS, payouts.map(payoutRow)))
  }
  reports.sort((a, b) => a.createdOn - b.createdOn || (a.id < b.id ? -1 : 1))
  catalogues.set(ledger, reports)
  return reports
}

function reportView(ctx: SimContext, report: Report) {
  const self = `${ctx.baseUrl()}/reports/${report.id}`
  return {
    id: report.id,
    created_on: new Date(report.createdOn).toISOString(),
    last_modified_on: new Date(report.createdOn).toISOString(),
    type: report.type,
    account: { client_id: CLIENT_ID, entity_id: ENTITY_ID },
    tags: report.tags,
    from: iso(report.from),
    to: iso(report.to),
    files: [{ id: report.fileId, filename: report.filename, format: 'CSV', _links: { self: { href: `${self}/files/${report.fileId}` } } }],
    _links: { self: { href: self } },
  }
}

export interface ReportListQuery {
  created_after?: string | undefined
  created_before?: string | undefined
  entity_id?: string | undefined
  limit: number
  pagination_token?: string | undefined
}

const encodeToken = (index: number) => Buffer.from(JSON.stringify({ next: index })).toString('base64url')
function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { next?: unknown }
    if (Number.isSafeInteger(parsed.next) && (parsed.next as number) >= 0) return parsed.next as number
  } catch {
    // fall through
  }
  throw invalid('pagination_token_invalid')
}

/** GET /reports: the reports made so far, oldest first, filtered by creation time, in pages. */
export function listReports(ctx: SimContext, query: ReportListQuery) {
  const now = ctx.now()
  const after = query.created_after ? Date.parse(query.created_after) : -Infinity
  const before = query.created_before ? Date.parse(query.created_before) : Infinity
  const matching = query.entity_id && query.entity_id !== ENTITY_ID ? [] : catalogue(ctx).filter((r) => r.createdOn <= now && r.createdOn >= after && r.createdOn < before)
  return paged(ctx, '/reports', matching, query, ['created_after', 'created_before', 'entity_id'], (r) => reportView(ctx, r))
}

/** One page of a list, with self and next links that repeat the query's filters (both APIs page the same way). */
function paged<T, Q extends { limit: number; pagination_token?: string | undefined }>(ctx: SimContext, path: string, items: T[], query: Q, filters: (keyof Q & string)[], view: (item: T) => unknown) {
  const start = query.pagination_token ? decodeToken(query.pagination_token) : 0
  const page = items.slice(start, start + query.limit)
  const params = new URLSearchParams()
  for (const key of filters) if (query[key]) params.set(key, String(query[key]))
  params.set('limit', String(query.limit))
  const self = `${ctx.baseUrl()}${path}?${params}`
  const more = start + query.limit < items.length
  if (more) params.set('pagination_token', encodeToken(start + query.limit))
  return {
    count: page.length,
    limit: query.limit,
    data: page.map(view),
    _links: { self: { href: self }, ...(more ? { next: { href: `${ctx.baseUrl()}${path}?${params}` } } : {}) },
  }
}

function findReport(ctx: SimContext, id: string): Report {
  const report = catalogue(ctx).find((r) => r.id === id && r.createdOn <= ctx.now())
  if (!report) throw new SimError(404, ['report_not_found'], 'not_found')
  return report
}

export const getReport = (ctx: SimContext, id: string) => reportView(ctx, findReport(ctx, id))

const signature = (ctx: SimContext, path: string, expires: number) => createHmac('sha256', ctx.linkSecret).update(`${path} ${expires}`).digest('base64url')

/** GET /reports/{id}/files/{fileId}: where to download the file, valid for a short while. */
export function reportFileLocation(ctx: SimContext, id: string, fileId: string): string {
  const report = findReport(ctx, id)
  if (report.fileId !== fileId) throw new SimError(404, ['report_file_not_found'], 'not_found')
  const path = `/__sim/files/${id}/${fileId}`
  const expires = ctx.now() + FILE_LINK_LIFETIME_MS
  return `${ctx.baseUrl()}${path}?expires=${expires}&signature=${signature(ctx, path, expires)}`
}

/** The signed download link's answer: the CSV, or 403 once expired or tampered with (as a storage service would). */
export function reportFileContent(ctx: SimContext, id: string, fileId: string, query: URLSearchParams): { filename: string; csv: string } {
  const path = `/__sim/files/${id}/${fileId}`
  const expires = Number(query.get('expires'))
  const given = Buffer.from(query.get('signature') ?? '')
  const expected = Buffer.from(signature(ctx, path, expires))
  if (!Number.isFinite(expires) || expires < ctx.now() || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new SimError(403)
  const report = findReport(ctx, id)
  if (report.fileId !== fileId) throw new SimError(404)
  return { filename: report.filename, csv: report.csv() }
}

export interface FinancialActionsQuery {
  payment_id?: string | undefined
  action_id?: string | undefined
  reference?: string | undefined
  limit: number
  pagination_token?: string | undefined
}

function financialActionView(ctx: SimContext, settled: SettledAction) {
  const { payment, action } = settled
  const card = cardFacts(ctx, settled)
  const reference = action.reference ?? payment.reference
  return {
    payment_id: payment.id,
    action_id: action.id,
    action_type: action.type,
    entity_id: ENTITY_ID,
    sub_entity_id: ENTITY_ID,
    currency_account_id: currencyAccount(settled.lines[0]!.holdingCurrency),
    payment_method: card.payment_method,
    ...(payment.processing_channel_id ? { processing_channel_id: payment.processing_channel_id } : {}),
    ...(reference ? { reference } : {}),
    mid: MID,
    response_code: action.response_code,
    response_description: action.response_summary,
    region: card.region,
    card_type: card.card_type,
    card_category: card.card_category,
    issuer_country: card.issuer_country,
    merchant_category_code: MCC,
    processed_on: action.processed_on,
    requested_on: payment.requested_on,
    breakdown: settled.lines.map((line) => ({
      breakdown_type: CURRENT_PLATFORM_NAMES[line.kind],
      fx_rate_applied: line.rate,
      holding_currency: line.holdingCurrency,
      holding_currency_amount: Number(formatMinorDecimal(line.holdingMinor, line.holdingCurrency)),
      processing_currency: payment.currency,
      processing_currency_amount: Number(formatMinorDecimal(line.minor, payment.currency)),
      transaction_currency: payment.currency,
      transaction_currency_amount: Number(formatMinorDecimal(line.minor, payment.currency)),
    })),
  }
}

/** GET /financial-actions: one payment's (or action's, or reference's) balance-affecting actions, newest first. */
export function financialActions(ctx: SimContext, query: FinancialActionsQuery) {
  if (!query.payment_id && !query.action_id && !query.reference) throw invalid('payment_id_or_action_id_required')
  const ledger = ledgerOf(ctx)
  let found: SettledAction[]
  if (query.action_id) found = [ledger.byAction.get(query.action_id)].filter((a): a is SettledAction => a !== undefined)
  else if (query.payment_id) found = ledger.byPayment.get(query.payment_id) ?? []
  else found = [...ledger.byAction.values()].filter((a) => (a.action.reference ?? a.payment.reference) === query.reference)
  if (query.payment_id) found = found.filter((a) => a.payment.id === query.payment_id)
  found = found.filter((a) => Date.parse(a.action.processed_on) <= ctx.now()).reverse()
  return paged(ctx, '/financial-actions', found, query, ['payment_id', 'action_id', 'reference'], (a) => financialActionView(ctx, a))
}
