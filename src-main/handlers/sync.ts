import type { Handlers } from './context'

export const syncHandlers = {
  'sync.start': async (ctx, input) => ctx.sync.start({ days: input.days }),
  'sync.status': async (ctx) => ctx.sync.status(),
  'sync.cancel': async (ctx) => ctx.sync.cancel(),
} satisfies Partial<Handlers>
