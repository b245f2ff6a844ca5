// What the secret key's encryption is worth on this machine, in words for Settings. Electron's
// safeStorage encrypts with the OS keychain on macOS and Windows; on Linux it uses the desktop's
// secret service, and without one falls back to `basic_text`: a fixed, publicly known password,
// which protects nothing. Pure, so the decision is tested in Node.

export type LinuxBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

export function keychainProtection(platform: string, backend: LinuxBackend | null): { encrypted: boolean; description: string } {
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown' || backend === null)) {
    return {
      encrypted: false,
      description:
        'NOT PROTECTED BY A KEYCHAIN: this Linux desktop offers no secret service to Electron, so the key is encrypted with a fixed, publicly known password (safeStorage "basic_text"). Start GNOME Keyring or KWallet and save the key again to protect it.',
    }
  }
  const where = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : `the desktop's secret service (${backend})`
  return { encrypted: true, description: `Encrypted with ${where} (Electron safeStorage).` }
}
