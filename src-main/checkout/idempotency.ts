import { createHash, randomUUID } from 'node:crypto'

// Every POST Paydesk makes carries a Cko-Idempotency-Key. The key is derived from the user
// action (an id made when the user starts it, e.g. opens the capture dialog) and what it
// asks for, so a retry of that action, by the client or by the user pressing again, reuses
// it, and a new action never does.
export function newActionId(): string {
  return randomUUID()
}

export function idempotencyKeyFor(actionId: string, operation: string, body: unknown): string {
  const digest = createHash('sha256').update(`${operation}\n${JSON.stringify(body ?? null)}`).digest('hex').slice(0, 16)
  return `paydesk-${actionId}-${digest}`
}

/** Checkout.com keeps an idempotency key for 24 hours: a repeat after that is a new request. */
export const KEY_LIFETIME_MS = 24 * 3600 * 1000
/** Clocks drift and a request takes time: a key this close to its end is treated as gone. */
const KEY_MARGIN_MS = 3600 * 1000

/**
 * Whether a key first sent at `sent` may no longer protect a resend, by this computer's clock or
 * by Checkout.com's, whichever says more time has passed: a laptop's clock can be wrong, and so
 * can the assumption that the two agree. Checkout.com's clock is read from its answers' Date
 * header (CheckoutHttp.serverNow); its time at the request, when known, is compared with its
 * time now, else this computer's time at the request is.
 */
export function keyMayHaveExpired(sent: { local: string; server: string | null }, localNow: number, serverNow: number | null): boolean {
  const local = Date.parse(sent.local)
  const serverSent = sent.server === null ? local : Date.parse(sent.server)
  const elapsed = Math.max(localNow - local, serverNow === null ? 0 : serverNow - serverSent)
  return elapsed >= KEY_LIFETIME_MS - KEY_MARGIN_MS
}
