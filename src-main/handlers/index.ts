import { appHandlers } from './app'
import type { Handlers } from './context'
import { settingsHandlers } from './settings'

// One map from call name to handler; the type makes a missing handler a compile error.
export const handlers: Handlers = {
  ...appHandlers,
  ...settingsHandlers,
}
