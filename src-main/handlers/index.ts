import { appHandlers } from './app'
import type { Handlers } from './context'
import { paymentListHandlers, paymentsHandlers } from './payments'
import { settingsHandlers } from './settings'
import { syncHandlers } from './sync'

// One map from call name to handler; the type makes a missing handler a compile error.
export const handlers: Handlers = {
  ...appHandlers,
  ...settingsHandlers,
  ...syncHandlers,
  ...paymentsHandlers,
  ...paymentListHandlers,
}
