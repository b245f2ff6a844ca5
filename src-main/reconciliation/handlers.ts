import type { Kysely } from 'kysely'
import type { HandlersOf } from '../contract/define'
import type { EventSink } from '../contract/events'
import type { Desktop } from '../desktop/desktop'
import type { PaymentsStore } from '../store/payments-store'
import type { reconciliationCalls } from './contract'
import { closeDay, explainLine, exportDay, reopenDay, setLink } from './day-actions'
import { importOrders, rememberedMapping } from './import-orders'
import { previewOrdersFile } from './orders-csv'
import { wallClockText } from '../reference/time-zone'
import { payoutDetail, reconcileDay } from './reconcile-day'
import { AppError } from '../contract/errors'
import type { PaymentsDatabase } from '../store/payments-database'
import type { AppDatabase } from '../store/app-database'
import { readSetting, writeSetting } from '../settings/settings-repo'
import { MatchRulesSchema } from './contract'
import { DEFAULT_RULES, type MatchRules } from './matching'

const RULES_KEY = 'reconciliationRules'
/** The matching rules finance set (Reconciliation > Matching rules), the same for every account. */
const rules = async (deps: ReconDeps): Promise<MatchRules> => (await readSetting(deps.settingsDb, RULES_KEY, MatchRulesSchema)) ?? DEFAULT_RULES

interface ReconDeps {
  settingsDb: Kysely<AppDatabase>
  store: () => PaymentsStore
  desktop: Desktop
  events: EventSink
  clock: () => Date
}

const db = (deps: ReconDeps): Kysely<PaymentsDatabase> => deps.store().db
/** The files a person chose (through the open-file dialog, or typed where none exists) and saw previewed: the only ones an import reads. */
const chosen = new WeakMap<Desktop, Set<string>>()
const chosenFiles = (deps: ReconDeps) => {
  let files = chosen.get(deps.desktop)
  if (!files) chosen.set(deps.desktop, (files = new Set()))
  return files
}
/** Something changed what the day shows: open screens read it again. */
const changed = (deps: ReconDeps) => deps.events.emit({ type: 'changed', topic: 'payments' })

/** The column of the file's first rows whose values are most often references of stored payments, with how many of how many; null when none is. */
async function referenceColumn(db: Kysely<PaymentsDatabase>, header: string[], sample: string[][]) {
  const columns = header.map((column, i) => ({ column, values: [...new Set(sample.map((row) => (row[i] ?? '').trim()).filter((v) => v && v.length <= 200))] }))
  const values = [...new Set(columns.flatMap((c) => c.values))]
  if (values.length === 0) return null
  const known = new Set<string | null>()
  for (let i = 0; i < values.length; i += 900) for (const r of await db.selectFrom('payments').select('reference').where('reference', 'in', values.slice(i, i + 900)).execute()) known.add(r.reference)
  const best = columns.map((c) => ({ column: c.column, matched: c.values.filter((v) => known.has(v)).length, sampled: c.values.length })).sort((a, b) => b.matched - a.matched)[0]
  return best && best.matched > 0 ? best : null
}

export const reconciliationHandlers: HandlersOf<typeof reconciliationCalls, ReconDeps> = {
  'recon.day': async (deps, { day, timeZone, state, limit }) => {
    const result = await reconcileDay(db(deps), day, timeZone, await rules(deps))
    return { ...result, lines: result.lines.filter((l) => !state || l.state === state).slice(0, limit) }
  },
  'recon.import.preview': async (deps, { typedPath }) => {
    const chosen = await deps.desktop.openFile({ filters: [{ name: 'CSV', extensions: ['csv', 'txt', 'tsv'] }], typedPath })
    if (chosen.kind !== 'file') return chosen
    const preview = await previewOrdersFile(chosen.path)
    chosenFiles(deps).add(chosen.path)
    const remembered = await rememberedMapping(db(deps), preview.layout.header)
    const referenceMatch = await referenceColumn(db(deps), preview.layout.header, preview.sample)
    // A header's name guesses ("Order ID" before "Reference"); the values decide: the column that holds the payments' references.
    const suggested = referenceMatch ? { ...preview.suggested, reference: referenceMatch.column } : preview.suggested
    return { kind: 'preview', path: chosen.path, layout: preview.layout, rows: preview.rows, mapping: remembered ?? suggested, remembered: remembered !== null, referenceMatch }
  },
  'recon.import.run': async (deps, { path, mapping, timeZone }) => {
    if (!chosenFiles(deps).has(path)) throw new AppError('invalid_input', 'Choose the orders file with "Import orders file…" first: Paydesk reads only a file that was chosen and previewed.')
    const summary = await importOrders(db(deps), { path, mapping, zone: timeZone, now: deps.clock })
    changed(deps)
    return summary
  },
  'recon.link': async (deps, input) => {
    const result = await setLink(db(deps), { ...input, kind: 'link' }, deps.clock())
    changed(deps)
    return result
  },
  'recon.unlink': async (deps, input) => {
    const result = await setLink(db(deps), { ...input, kind: 'unlink' }, deps.clock())
    changed(deps)
    return result
  },
  'recon.explain': async (deps, input) => {
    const result = await explainLine(db(deps), input, deps.clock())
    changed(deps)
    return result
  },
  'recon.close': async (deps, { day, timeZone }) => {
    const result = await closeDay(db(deps), day, timeZone, deps.clock(), await rules(deps))
    changed(deps)
    return result
  },
  'recon.reopen': async (deps, { day, timeZone, why }) => {
    const result = await reopenDay(db(deps), day, timeZone, why, deps.clock(), await rules(deps))
    changed(deps)
    return result
  },
  'recon.export': async (deps, { day, timeZone }) => {
    const result = await reconcileDay(db(deps), day, timeZone, await rules(deps))
    const now = deps.clock()
    // Unique, like the payments export: the day, whether it was closed, and when the file was made (in the day's zone).
    const made = wallClockText(now.getTime(), result.timeZone).replace(' ', '-').replaceAll(':', '')
    const file = await deps.desktop.saveFile({ suggestedName: `paydesk-reconciliation-${day}-${result.state === 'closed' ? 'closed' : 'not-closed'}-made-${made}.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] })
    if (!file) return null
    return exportDay(result, file, now)
  },
  'recon.order': async (deps, { id }) => {
    const row = await db(deps).selectFrom('orders as o').innerJoin('order_imports as i', 'i.id', 'o.import_id').select(['o.id', 'o.reference', 'o.amount', 'o.currency', 'o.ordered_at', 'o.customer', 'o.status', 'o.line', 'i.file_name', 'i.imported_at']).where('o.id', '=', Number(id)).executeTakeFirst()
    if (!row) throw new AppError('not_found', `There is no order ${id} on this computer.`)
    return { id: String(row.id), reference: row.reference, amount: row.amount, currency: row.currency, orderedAt: row.ordered_at, customer: row.customer, status: row.status, line: row.line, fileName: row.file_name, importedAt: row.imported_at }
  },
  'recon.payout': async (deps, { id }) => payoutDetail(db(deps), id),
  'recon.rules.get': async (deps) => rules(deps),
  'recon.rules.save': async (deps, input) => {
    await writeSetting(deps.settingsDb, RULES_KEY, input, deps.clock())
    changed(deps)
    return input
  },
}
