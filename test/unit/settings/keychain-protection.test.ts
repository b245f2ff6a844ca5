import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keychainProtection } from '../../../src-main/settings/keychain-protection'
import { openAsyncCipherSecretStore } from '../../../src-main/settings/secret-store'

describe('what Settings says about the key’s protection', () => {
  it('says a Linux desktop without a secret service (basic_text) does not protect the key', () => {
    expect(keychainProtection('linux', 'basic_text')).toMatchObject({ encrypted: false, description: expect.stringMatching(/^NOT PROTECTED BY A KEYCHAIN.*basic_text/) })
    expect(keychainProtection('linux', 'gnome_libsecret')).toEqual({ encrypted: true, description: expect.stringContaining('gnome_libsecret') })
    expect(keychainProtection('darwin', null)).toEqual({ encrypted: true, description: expect.stringContaining('macOS Keychain') })
    expect(keychainProtection('win32', null)).toEqual({ encrypted: true, description: expect.stringContaining('DPAPI') })
  })
})

describe('a secret store on an asynchronous cipher (safeStorage’s current calls)', () => {
  it('keeps only ciphertext on disk, reads it back after a restart, and resolves a save once written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-async-secrets-'))
    const file = join(dir, 'secrets.enc.json')
    const cipher = {
      encrypt: async (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decrypt: async (d: Buffer) => Buffer.from([...d].map((b) => b ^ 0x5a)).toString(),
    }
    try {
      const store = await openAsyncCipherSecretStore(file, cipher, { encrypted: true, description: 'test' })
      await store.set('checkout.secretKey', 'sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e')
      expect(readFileSync(file, 'utf8')).not.toContain('m73dzbpy7cf3gfd46xr4yj5xo4e')
      const reopened = await openAsyncCipherSecretStore(file, cipher, { encrypted: true, description: 'test' })
      expect(reopened.get('checkout.secretKey')).toBe('sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e')
      await reopened.delete('checkout.secretKey')
      expect((await openAsyncCipherSecretStore(file, cipher, { encrypted: true, description: 'test' })).get('checkout.secretKey')).toBeNull()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
