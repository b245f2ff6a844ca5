import { saveSettings, viewSettings } from '../settings/settings-service'
import type { Handlers } from './context'

export const settingsHandlers = {
  'settings.get': (ctx) => viewSettings(ctx),
  'settings.save': (ctx, input) => saveSettings(ctx, input),
  'settings.test': (ctx) => ctx.checkout.probe(ctx.clock()),
} satisfies Partial<Handlers>
