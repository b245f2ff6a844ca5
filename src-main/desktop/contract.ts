import { z } from 'zod'
import type { CallTable } from '../contract/define'
import { ExternalLinkAnswer, FileFilter, OpenFileAnswer, PrintAnswer } from './desktop'

export const desktopCalls = {
  'desktop.openExternal': { input: z.object({ url: z.string().max(2048) }).strict(), output: ExternalLinkAnswer },
  'desktop.openFile': { input: z.object({ filters: z.array(FileFilter).max(5), typedPath: z.string().trim().min(1).max(4096).optional() }).strict(), output: OpenFileAnswer },
  'desktop.printToPdf': {
    input: z.object({ route: z.string().regex(/^\/[\w\-/?=&.%]*$/, 'a route of the app, like /reports/weekly').max(300), suggestedName: z.string().regex(/^[\w\- .]{1,80}\.pdf$/, 'a file name ending in .pdf') }).strict(),
    output: PrintAnswer,
  },
} satisfies CallTable
