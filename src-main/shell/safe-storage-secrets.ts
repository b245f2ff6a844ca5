import { join } from 'node:path'
import { safeStorage } from 'electron'
import { keychainProtection } from '../settings/keychain-protection'
import { createFileSecretStore, openAsyncCipherSecretStore, type SecretStore } from '../settings/secret-store'

/**
 * The secret key encrypted with safeStorage's asynchronous calls (the synchronous ones are
 * deprecated in Electron 45); the plain file only where the OS offers no encryption at all.
 * Settings says which, and says so when Linux fell back to basic_text (keychain-protection.ts).
 */
export async function openElectronSecretStore(userData: string): Promise<SecretStore> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return createFileSecretStore(join(userData, 'secrets.plaintext.json'))
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null
  return openAsyncCipherSecretStore(
    join(userData, 'secrets.enc.json'),
    {
      encrypt: (plain) => safeStorage.encryptStringAsync(plain),
      decrypt: async (data) => (await safeStorage.decryptStringAsync(data)).result,
    },
    keychainProtection(process.platform, backend),
  )
}
