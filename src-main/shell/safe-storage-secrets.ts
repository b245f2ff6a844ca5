import { join } from 'node:path'
import { safeStorage } from 'electron'
import { createFileSecretStore, type SecretStore } from '../settings/secret-store'

/** The secret key encrypted with the OS keychain; the plain file only where the OS offers none (then the UI says so). */
export function createElectronSecretStore(userData: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return createFileSecretStore(join(userData, 'secrets.plaintext.json'))
  return createFileSecretStore(join(userData, 'secrets.enc.json'), {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  })
}
