import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

// Where the secret key rests. Electron's shell supplies one backed by safeStorage (the OS
// keychain); Node (browser host, tests) uses the plain file below, and says so.
export interface SecretStore {
  readonly encrypted: boolean
  readonly description: string
  get(name: string): string | null
  /** Resolves once the value is on disk. */
  set(name: string, value: string): void | Promise<void>
  delete(name: string): void | Promise<void>
}

export interface Cipher {
  encrypt(plain: string): Buffer
  decrypt(data: Buffer): string
}

/** Electron's safeStorage as its current API offers it: asynchronous (the synchronous calls are deprecated). */
export interface AsyncCipher {
  encrypt(plain: string): Promise<Buffer>
  decrypt(data: Buffer): Promise<string>
}

/**
 * Secrets in one JSON file (mode 0600), each value encrypted with an asynchronous cipher. They
 * are decrypted once when the store opens and kept in memory, so reading the key stays
 * synchronous for the main process; a change is encrypted and written before `set` resolves.
 */
export async function openAsyncCipherSecretStore(file: string, cipher: AsyncCipher, protection: { encrypted: boolean; description: string }): Promise<SecretStore> {
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const plain = new Map<string, string>()
  for (const [name, value] of Object.entries(stored)) plain.set(name, await cipher.decrypt(Buffer.from(value, 'base64')))
  let writing: Promise<void> = Promise.resolve()
  const persist = () =>
    (writing = writing.then(async () => {
      const all: Record<string, string> = {}
      for (const [name, value] of plain) all[name] = (await cipher.encrypt(value)).toString('base64')
      if (Object.keys(all).length === 0) rmSync(file, { force: true })
      else writeAtomically(file, all)
    }))
  return {
    ...protection,
    get: (name) => plain.get(name) ?? null,
    set(name, value) {
      plain.set(name, value)
      return persist()
    },
    delete(name) {
      plain.delete(name)
      return persist()
    },
  }
}

function writeAtomically(file: string, all: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.tmp`
  writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}

/** Secrets in one JSON file, mode 0600, written atomically; encrypted per value when a cipher is given. */
export function createFileSecretStore(file: string, cipher?: Cipher): SecretStore {
  const read = (): Record<string, string> => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {})
  const write = (all: Record<string, string>) => writeAtomically(file, all)
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
