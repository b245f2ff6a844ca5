import type { Environment } from './contract'

// Current accounts have a merchant-specific host, {prefix}.api[.sandbox].checkout.com,
// where prefix is the first 8 characters of the client id after cli_.
export function apiBaseUrl(environment: Environment, accountPrefix: string | null, simulatorUrl: string | null): string {
  if (environment === 'simulator') return simulatorUrl ?? 'simulator (not running)'
  const host = environment === 'sandbox' ? 'api.sandbox.checkout.com' : 'api.checkout.com'
  return accountPrefix ? `https://${accountPrefix}.${host}` : `https://${host}`
}
