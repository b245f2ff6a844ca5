import type { HandlersOf } from '../contract/define'
import type { EventSink } from '../contract/events'
import type { PaymentsStore } from '../store/payments-store'
import type { riskCalls } from './contract'
import { reviewPayment, riskQueue } from './risk-queue'

export const riskHandlers: HandlersOf<typeof riskCalls, { store: () => PaymentsStore; events: EventSink; clock: () => Date }> = {
  'risk.queue': async ({ store }, input) => riskQueue(store().db, input),
  'risk.review': async ({ store, events, clock }, input) => {
    const result = await reviewPayment(store().db, input, clock())
    events.emit({ type: 'changed', topic: 'payments' })
    return result
  },
}
