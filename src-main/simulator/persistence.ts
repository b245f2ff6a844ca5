import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { emptyState, type SimState } from './state'

// --state FILE: the whole state as one JSON file, written atomically a moment after each
// change (and at close), read back at start.
export function loadState(file: string): SimState | null {
  if (!existsSync(file)) return null
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SimState>
  return { ...emptyState(), ...parsed }
}

export function createStateSaver(file: string, state: () => SimState, delayMs = 250) {
  let timer: NodeJS.Timeout | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify(state()))
    renameSync(tmp, file)
  }
  return {
    changed() {
      if (!timer) timer = setTimeout(flush, delayMs)
    },
    flush,
  }
}
