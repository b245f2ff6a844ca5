import type { Environment } from '../contract'

// Current-platform keys, as the official SDKs check them: a prefix, 26 chars of base32
// [a-z2-7], then one check character that may also be * # $ =. Previous-platform accounts
// use a UUID after sk_test_ (sandbox) or sk_ (live).
const CURRENT_BODY = '[a-z2-7]{26}[a-z2-7*#$=]'
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

const SECRET: Record<'sandbox' | 'production', RegExp> = {
  sandbox: new RegExp(`^sk_(sbox_${CURRENT_BODY}|test_${UUID})$`),
  production: new RegExp(`^sk_(${CURRENT_BODY}|${UUID})$`),
}
const PUBLIC: Record<'sandbox' | 'production', RegExp> = {
  sandbox: new RegExp(`^pk_(sbox_${CURRENT_BODY}|test_${UUID})$`),
  production: new RegExp(`^pk_(${CURRENT_BODY}|${UUID})$`),
}

/** Why a secret key cannot be used in this environment, or null when it can. Never echoes the key. */
export function secretKeyProblem(environment: Environment, key: string): string | null {
  if (environment === 'simulator') return null
  if (SECRET[environment].test(key)) return null
  const other = environment === 'sandbox' ? 'production' : 'sandbox'
  if (SECRET[other].test(key)) {
    return environment === 'sandbox'
      ? 'This is a production (live) secret key; the sandbox needs a key that starts with sk_sbox_ (or sk_test_ on an older account).'
      : 'This is a sandbox secret key; production needs a live key that starts with sk_ but not sk_sbox_ or sk_test_.'
  }
  if (key.startsWith('pk_')) return 'This is a public key (pk_); the secret key starts with sk_.'
  return environment === 'sandbox'
    ? 'Not a sandbox secret key: expected sk_sbox_ followed by 27 lowercase letters and digits 2-7 (or sk_test_ and a UUID on an older account), from the Checkout.com Dashboard, Developers > Keys.'
    : 'Not a production secret key: expected sk_ followed by 27 lowercase letters and digits 2-7 (or a UUID on an older account), from the Checkout.com Dashboard, Developers > Keys.'
}

export function publicKeyProblem(environment: Environment, key: string): string | null {
  if (environment === 'simulator') return null
  if (PUBLIC[environment].test(key)) return null
  return environment === 'sandbox'
    ? 'Not a sandbox public key: expected pk_sbox_ followed by 27 lowercase letters and digits 2-7 (or pk_test_ and a UUID on an older account).'
    : 'Not a production public key: expected pk_ followed by 27 lowercase letters and digits 2-7 (or a UUID on an older account).'
}

/** What the UI may show of a secret key: its prefix and last four characters. */
export function secretKeyHint(key: string): string {
  const prefix = key.match(/^sk_(sbox_|test_)?/)?.[0] ?? ''
  return `${prefix}…${key.slice(-4)}`
}
