import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * The browser host's access token, kept in the data folder (0600) so a bookmark and an open tab
 * keep working after the host restarts; made once, 32 random bytes. Delete the file to revoke
 * every browser that has it.
 */
export function hostToken(file: string): string {
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim()
    if (/^[\w-]{32,}$/.test(saved)) return saved
  }
  const token = randomBytes(32).toString('base64url')
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  writeFileSync(file, token, { mode: 0o600 })
  return token
}
