import type { Handlers } from './context'

export const appHandlers = {
  'app.info': async (ctx) => ({ name: 'Paydesk' as const, version: ctx.version, runtime: ctx.runtime, dataDir: ctx.dataDir }),
} satisfies Partial<Handlers>
