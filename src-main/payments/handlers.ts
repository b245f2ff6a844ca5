import type { HandlersOf } from '../contract/define'
import { AppError } from '../contract/errors'
import type { Desktop } from '../desktop/desktop'
import type { JobRunner } from '../jobs/job-runner'
import type { paymentsCalls } from './contract'
import { decodeCursor, encodeCursor, listPayments, paymentTotals } from './list-query'
import { resolvePaymentActions, runPaymentAction, type PaymentActionDeps } from './payment-actions'
import { loadPaymentDetail } from './payment-detail'
import { exportFileName } from './export-name'
import { startPaymentsExport, type ExportJob } from './payments-export'

export interface PaymentsDeps extends PaymentActionDeps {
  jobs: JobRunner
  desktop: Desktop
}

const exportJob = (jobs: JobRunner): ExportJob => jobs.job('payments.export')

export const paymentsHandlers: HandlersOf<typeof paymentsCalls, PaymentsDeps> = {
  'payments.list': async ({ store }, input) => {
    const cursor = input.cursor ? decodeCursor(input.cursor) : null
    if (input.cursor && !cursor) throw new AppError('invalid_input', 'The page cursor is not one Paydesk made; start from the first page.')
    const page = await listPayments(store().db, input.filter, input.sort, cursor, input.limit)
    return { rows: page.rows, next: page.next ? encodeCursor(page.next) : null }
  },
  'payments.totals': async ({ store }, input) => paymentTotals(store().db, input.filter),
  'payments.get': async ({ store }, input) => loadPaymentDetail(store().db, input.id),
  'payments.capture': async (deps, input) => runPaymentAction(deps, 'capture', input),
  'payments.refund': async (deps, input) => runPaymentAction(deps, 'refund', input),
  'payments.void': async (deps, input) => runPaymentAction(deps, 'void', input),
  /** A single payment's refresh from Checkout.com: its details and actions, stored at once. */
  'payments.refresh': async (deps, { id }) => {
    await deps.refreshPayment(id)
    deps.events.emit({ type: 'changed', topic: 'payments' })
    return loadPaymentDetail(deps.store().db, id)
  },
  'payments.resolve': async (deps, { id, confirmResend }) => resolvePaymentActions(deps, id, confirmResend),
  'payments.export.start': async ({ desktop, jobs, store, clock }, input) => {
    const job = exportJob(jobs)
    if (job.status().state === 'running') return job.status()
    const file = await desktop.saveFile({ suggestedName: exportFileName(input.filter, clock(), input.timeZone), filters: [{ name: 'CSV', extensions: ['csv'] }] })
    if (!file) return job.status()
    return startPaymentsExport(job, store, input.filter, input.sort, file, input.timeZone)
  },
  'payments.export.status': async ({ jobs }) => exportJob(jobs).status(),
  'payments.export.cancel': async ({ jobs }) => exportJob(jobs).cancel(),
  'payments.export.show': async ({ jobs, desktop }, { how }) => {
    const status = exportJob(jobs).status()
    if (status.state !== 'done' || !status.result) throw new AppError('not_found', 'No finished export to show: export the list first.')
    return desktop.showFile(status.result.file, how)
  },
}
