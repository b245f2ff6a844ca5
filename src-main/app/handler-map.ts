import { desktopHandlers } from '../desktop/handlers'
import { paymentsHandlers } from '../payments/handlers'
import { settingsHandlers } from '../settings/handlers'
import { syncHandlers } from '../sync/handlers'
import { viewsHandlers } from '../views/handlers'
import { reconciliationHandlers } from '../reconciliation/handlers'
import { riskHandlers } from '../risk/handlers'
import { insightsHandlers } from '../insights/handlers'
import { motoHandlers } from '../moto/handlers'
import type { CallArgs, CallName } from '../contract'
import { appHandlers } from './handlers'
import type { AppRegistry } from './registry'

export type Handlers = { [K in CallName]: (deps: AppRegistry, input: CallArgs<K>) => Promise<unknown> }

// One map from call name to handler, one line per capability. Each capability's handlers
// take only what they use; the registry has all of it. A call without a handler does not compile.
export const handlers = {
  ...appHandlers,
  ...settingsHandlers,
  ...syncHandlers,
  ...paymentsHandlers,
  ...desktopHandlers,
  ...viewsHandlers,
  ...reconciliationHandlers,
  ...riskHandlers,
  ...insightsHandlers,
  ...motoHandlers,
} satisfies Handlers
