import type { HandlersOf } from '../contract/define'
import type { syncCalls } from './contract'
import type { SyncService } from './sync-service'

export const syncHandlers: HandlersOf<typeof syncCalls, { sync: SyncService }> = {
  'sync.start': async ({ sync }, input) => sync.start({ days: input.days }),
  'sync.status': async ({ sync }) => sync.status(),
  'sync.cancel': async ({ sync }) => sync.cancel(),
  'sync.last': async ({ sync }) => sync.last(),
}
