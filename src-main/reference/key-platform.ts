/**
 * Which Checkout.com platform a secret key belongs to: previous-platform keys (`sk_test_<uuid>`,
 * `sk_<uuid>`) have the Reconciliation API (/reporting); current-platform keys (`sk_sbox_…`,
 * `sk_…` of 27 characters) have Payment Search and the Reports API instead (DATA-PATHS.md).
 * Shared by the client (which path to sync by) and the simulator (which paths to serve).
 */
export function platformOfKey(secretKey: string): 'current' | 'previous' {
  return /^sk_(test_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(secretKey) ? 'previous' : 'current'
}
