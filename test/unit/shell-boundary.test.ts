import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../src-main')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('the Electron boundary', () => {
  it('only src-main/shell imports electron', () => {
    const offenders = files(root)
      .filter((file) => !relative(root, file).startsWith('shell'))
      .filter((file) => /from ['"]electron['"]|require\(['"]electron['"]\)/.test(readFileSync(file, 'utf8')))
    expect(offenders).toEqual([])
    expect(files(join(root, 'shell')).some((file) => readFileSync(file, 'utf8').includes("from 'electron'"))).toBe(true)
  })

  it('the simulator imports nothing from the app’s store, handlers or UI', () => {
    const offenders = files(join(root, 'simulator')).filter((file) => /from ['"]\.\.\/(store|handlers|sync|checkout|settings|host|shell)\//.test(readFileSync(file, 'utf8')))
    expect(offenders).toEqual([])
  })
})
