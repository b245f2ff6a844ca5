import type { z } from 'zod'
import { appCalls } from '../app/contract'
import { desktopCalls } from '../desktop/contract'
import { paymentsCalls } from '../payments/contract'
import { settingsCalls } from '../settings/contract'
import { syncCalls } from '../sync/contract'
import { viewsCalls } from '../views/contract'
import { reconciliationCalls } from '../reconciliation/contract'
import { riskCalls } from '../risk/contract'
import { insightsCalls } from '../insights/contract'
import { motoCalls } from '../moto/contract'
import type { CallError } from './errors'

// Every call the renderer may make to the main process: its name, the schema of its input and
// the schema of its output, assembled from each capability's own table (one import line per
// capability). Both directions are validated in the main process (app/dispatch.ts); the
// renderer imports only types and shared reference data from this folder.
export const contract = {
  ...appCalls,
  ...settingsCalls,
  ...syncCalls,
  ...paymentsCalls,
  ...desktopCalls,
  ...viewsCalls,
  ...reconciliationCalls,
  ...riskCalls,
  ...insightsCalls,
  ...motoCalls,
} as const

export type Contract = typeof contract
export type CallName = keyof Contract
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>
/** The input as a handler receives it: validated, defaults applied. */
export type CallArgs<K extends CallName> = z.output<Contract[K]['input']>
export type CallOutput<K extends CallName> = z.output<Contract[K]['output']>
export type CallResult<K extends CallName> = { ok: true; value: CallOutput<K> } | { ok: false; error: CallError }

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}

// The schemas and types the screens read, re-exported so the renderer has one door.
export type { AppInfo } from '../app/contract'
export type { CurrencyTotals, ExportStatus, PaymentDetail, PaymentTotals } from '../payments/contract'
export type { PaymentFilter, PaymentSort } from '../payments/filter'
export type { Environment, SettingsView } from '../settings/contract'
export type { SyncStatus } from '../sync/contract'
export type { SyncProgress } from '../sync/sync-report'
export type { SavedView } from '../views/contract'
export type { DayReconciliation, ReconciledLine } from '../reconciliation/contract'
export type { RiskQueueRow } from '../risk/contract'
export type { ApprovalSeries, CheckCell, DeclineBreakdown, DeclineSlice } from '../insights/contract'
export { APPROVAL_BY } from '../insights/contract'
export type { CustomerFile, CustomerHit, PaymentRequestView, SavedCard } from '../moto/contract'
export type { PaymentListRow, PaymentListColumn } from '../store/payment-records'
export type { AppEvent, JobName, Topic } from './events'
export { JOB_STATUS_CALLS } from './events'
export { CallError, ErrorCode } from './errors'
export type { OpenFileAnswer, PrintAnswer } from '../desktop/desktop'
