import type { HandlersOf } from '../contract/define'
import type { desktopCalls } from './contract'
import type { Desktop } from './desktop'

export const desktopHandlers: HandlersOf<typeof desktopCalls, { desktop: Desktop }> = {
  'desktop.openExternal': ({ desktop }, { url }) => desktop.openExternal(url),
  'desktop.openFile': ({ desktop }, input) => desktop.openFile(input),
  'desktop.printToPdf': ({ desktop }, input) => desktop.printToPdf(input),
}
