import { z } from 'zod'
import { Empty, type CallTable } from '../contract/define'

export const AppInfo = z.object({
  name: z.literal('Paydesk'),
  version: z.string(),
  runtime: z.enum(['electron', 'web', 'test']),
  dataDir: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

export const appCalls = {
  'app.info': { input: Empty, output: AppInfo },
} satisfies CallTable
