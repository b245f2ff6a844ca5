import type { HandlersOf } from '../contract/define'
import type { AppInfo, appCalls } from './contract'

export const appHandlers: HandlersOf<typeof appCalls, { info: Omit<AppInfo, 'name'> }> = {
  'app.info': async ({ info }) => ({ name: 'Paydesk' as const, ...info }),
}
