import type { CheckoutConnection } from '../checkout/connection'
import type { HandlersOf } from '../contract/define'
import type { settingsCalls } from './contract'
import { saveDisplay, saveSettings, viewSettings, type SettingsDeps } from './settings-service'

export const settingsHandlers: HandlersOf<typeof settingsCalls, SettingsDeps & { checkout: CheckoutConnection }> = {
  'settings.get': (deps) => viewSettings(deps),
  'settings.save': (deps, input) => saveSettings(deps, input),
  'settings.display.save': (deps, input) => saveDisplay(deps, input),
  'settings.test': (deps) => deps.checkout.probe(deps.clock()),
}
