import { z } from 'zod'

// What only a desktop can do, behind one interface: the Electron shell implements it with
// native dialogs (shell/electron-desktop.ts), the browser host with the data folder and the
// browser's own print (host/host-desktop.ts), tests with a temp folder. Capabilities receive a
// Desktop and never know which one they have.

export const FileFilter = z.object({ name: z.string().max(60), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(10) })
export type FileFilter = z.infer<typeof FileFilter>

export const OpenFileAnswer = z.discriminatedUnion('kind', [
  /** A readable file: the main process reads it by path, so a 50 MB file never crosses a call. */
  z.object({ kind: z.literal('file'), path: z.string(), bytes: z.number().int() }),
  z.object({ kind: z.literal('cancelled') }),
  /** No file dialog here (the browser host): the page asks for a path and calls again with it. */
  z.object({ kind: z.literal('needs_path'), message: z.string(), folder: z.string() }),
])
export type OpenFileAnswer = z.infer<typeof OpenFileAnswer>

export const ExternalLinkAnswer = z.object({
  /** True when the system browser was asked to open it; false when the page should open it itself (browser host). */
  opened: z.boolean(),
  url: z.string(),
})
export type ExternalLinkAnswer = z.infer<typeof ExternalLinkAnswer>

export const PrintAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string() }),
  z.object({ kind: z.literal('cancelled') }),
  /** The browser host: the page prints itself (the browser's own "Save as PDF"). */
  z.object({ kind: z.literal('use_browser_print') }),
])
export type PrintAnswer = z.infer<typeof PrintAnswer>

export const ShowFileAnswer = z.object({
  /** False where nothing native can be opened (the browser host): the page shows the path instead. */
  shown: z.boolean(),
  path: z.string(),
})
export type ShowFileAnswer = z.infer<typeof ShowFileAnswer>

export interface Desktop {
  /** Where to save a file the app writes; null when the user cancelled. */
  saveFile(options: { suggestedName: string; filters: FileFilter[] }): Promise<string | null>
  /** A file to read, by path. `typedPath` is what a person typed where no dialog exists. */
  openFile(options: { filters: FileFilter[]; typedPath?: string | undefined }): Promise<OpenFileAnswer>
  /** Opens a link in the system browser, if the link policy (external-links.ts) allows it. */
  openExternal(url: string): Promise<ExternalLinkAnswer>
  /** A file Paydesk wrote, selected in its folder or opened with its usual application. */
  showFile(path: string, how: 'folder' | 'open'): Promise<ShowFileAnswer>
  /** Renders one of the app's own routes to a PDF file. */
  printToPdf(options: { route: string; suggestedName: string }): Promise<PrintAnswer>
}
