import type { HandlersOf } from '../contract/define'
import type { PaymentsStore } from '../store/payments-store'
import { approvalSeries } from './approval'
import { checkCells } from './checks'
import type { insightsCalls } from './contract'
import { declineBreakdown, periodSlice } from './declines'

export const insightsHandlers: HandlersOf<typeof insightsCalls, { store: () => PaymentsStore; clock: () => Date }> = {
  'insights.approval': async ({ store, clock }, input) => approvalSeries(store().db, input, clock()),
  'insights.declines': async ({ store, clock }, period) => declineBreakdown(store().db, period, clock()),
  'insights.declineSlice': async ({ store }, { slice, ...period }) => periodSlice(store().db, period, slice),
  'insights.checks': async ({ store }, period) => checkCells(store().db, period),
}
