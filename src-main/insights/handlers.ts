import type { HandlersOf } from '../contract/define'
import type { Desktop } from '../desktop/desktop'
import type { PaymentsStore } from '../store/payments-store'
import { approvalSeries } from './approval'
import { approvalCsv, pngBytes, saveWhole } from './approval-export'
import { checkCells } from './checks'
import type { insightsCalls } from './contract'
import { declineBreakdown, periodSlice } from './declines'

export const insightsHandlers: HandlersOf<typeof insightsCalls, { store: () => PaymentsStore; clock: () => Date; desktop: Desktop }> = {
  'insights.approval': async ({ store, clock }, input) => approvalSeries(store().db, input, clock()),
  'insights.approval.exportCsv': async ({ store, clock, desktop }, input) => {
    const data = await approvalSeries(store().db, input, clock())
    const file = await desktop.saveFile({ suggestedName: `paydesk-approval-${input.by}-${input.grain}-${data.period.first ?? 'all'}-${data.period.last ?? 'all'}.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] })
    if (!file) return null
    const { text, rows } = approvalCsv(data)
    await saveWhole(file, text)
    return { file, rows }
  },
  'insights.approval.savePng': async ({ desktop }, { name, png }) => {
    const bytes = pngBytes(png)
    const file = await desktop.saveFile({ suggestedName: `${name}.png`, filters: [{ name: 'PNG image', extensions: ['png'] }] })
    if (!file) return null
    await saveWhole(file, bytes)
    return { file }
  },
  'insights.declines': async ({ store, clock }, period) => declineBreakdown(store().db, period, clock()),
  'insights.declineSlice': async ({ store }, { slice, ...period }) => periodSlice(store().db, period, slice),
  'insights.checks': async ({ store }, period) => checkCells(store().db, period),
}
