import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

// Where the secret key rests. Electron's shell supplies one backed by safeStorage (the OS
// keychain); Node (browser host, tests) uses the plain file below, and says so.
export interface SecretStore {
  readonly encrypted: boolean
  readonly description: string
  get(name: string): string | null
  set(name: string, value: string): void
  delete(name: string): void
}

export interface Cipher {
  encrypt(plain: string): Buffer
  decrypt(data: Buffer): string
}

/** Secrets in one JSON file, mode 0600, written atomically; encrypted per value when a cipher is given. */
export function createFileSecretStore(file: string, cipher?: Cipher): SecretStore {
  const read = (): Record<string, string> => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {})
  const write = (all: Record<string, string>) => {
    mkdirSync(dirname(file), { recursive: true })
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, file)
  }
  return {
    encrypted: Boolean(cipher),
    description: cipher
      ? 'Encrypted with the operating system’s keychain (Electron safeStorage).'
      : `NOT ENCRYPTED: kept in plain text in ${file} (readable only by your user account). Run the desktop app to keep it encrypted.`,
    get(name) {
      const value = read()[name]
      if (value === undefined) return null
      return cipher ? cipher.decrypt(Buffer.from(value, 'base64')) : value
    },
    set(name, value) {
      const all = read()
      all[name] = cipher ? cipher.encrypt(value).toString('base64') : value
      write(all)
    },
    delete(name) {
      const all = read()
      delete all[name]
      if (Object.keys(all).length === 0) rmSync(file, { force: true })
      else write(all)
    },
  }
}
