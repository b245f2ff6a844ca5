import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

// The data folder holds customers' names and emails, card digits and (in the browser host) the
// secret key: nobody but its owner may read it. Folders are 0700 and files 0600, checked and
// fixed at every start (a folder made by an older version, or copied, may be 0755/0644), and
// each file Paydesk writes is made with those modes. POSIX only: Windows has no such bits.

export const PRIVATE_FILE = 0o600
export const PRIVATE_DIR = 0o700
const applies = process.platform !== 'win32'

/** Makes a file (if it exists) readable by its owner only. */
export function makePrivate(path: string): void {
  if (!applies || !existsSync(path)) return
  const stat = lstatSync(path)
  if (stat.isSymbolicLink()) return
  const wanted = stat.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE
  if ((stat.mode & 0o777) !== wanted) chmodSync(path, wanted)
}

/** The folder and what is in it, `depth` levels down; returns the paths whose modes it changed. */
export function makeTreePrivate(dir: string, depth = 2): string[] {
  if (!applies || !existsSync(dir)) return []
  const fixed: string[] = []
  const visit = (path: string, level: number) => {
    const stat = lstatSync(path)
    if (stat.isSymbolicLink()) return
    const wanted = stat.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE
    if ((stat.mode & 0o777) !== wanted) {
      chmodSync(path, wanted)
      fixed.push(path)
    }
    if (stat.isDirectory() && level < depth) for (const name of readdirSync(path)) visit(join(path, name), level + 1)
  }
  visit(dir, 0)
  return fixed
}
