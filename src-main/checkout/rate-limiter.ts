import { CheckoutError } from './errors'

// One budget for every request to an account. Checkout.com allows about 100 requests a second
// for the whole account, shared with the merchant's own live traffic, and answers 429 past it:
// Paydesk keeps well under that (20 a second unless told otherwise), lets what a person is
// waiting for (a capture, a refund, a new payment) go before background work (the sync), and
// stops everything for as long as a 429's Retry-After asks.
//
// No one-second span may see more than `perSecond` requests arrive at Checkout.com. A request
// granted here may still wait in the connection pool, so its slot is held from the grant until
// its answer comes back, and for a second after: a request arrives between the two, so any
// second at the server holds at most `perSecond` of them (a token bucket would allow a burst
// plus its refill, and a grant-time window lets a pool's queue bunch requests together).

export type Priority = 'user' | 'background'

export interface RateLimiter {
  /** Resolves when this request may be sent, with the function to call once its answer is in. */
  acquire(priority: Priority, signal?: AbortSignal): Promise<() => void>
  /** No request goes out for this long (a 429's Retry-After). */
  pauseFor(ms: number): void
  readonly perSecond: number
}

const WINDOW_MS = 1000

export function createRateLimiter(options: { perSecond: number; now?: () => number }): RateLimiter {
  const perSecond = Math.max(1, Math.floor(options.perSecond))
  const now = options.now ?? (() => performance.now())
  /** When each recent request was answered; Infinity while it is in flight. */
  const slots: number[] = []
  const waiting: { priority: Priority; resolve(release: () => void): void; reject(error: unknown): void }[] = []
  let pausedUntil = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function schedule(at: number) {
    if (timer) clearTimeout(timer)
    timer = setTimeout(pump, Math.max(1, Math.ceil(at - now())))
  }

  function pump() {
    timer = null
    while (waiting.length) {
      const at = now()
      if (pausedUntil > at) return schedule(pausedUntil)
      // Slots answered over a second ago are free again.
      for (let i = slots.length - 1; i >= 0; i--) if (slots[i]! <= at - WINDOW_MS) slots.splice(i, 1)
      if (slots.length >= perSecond) {
        const settled = slots.filter(Number.isFinite)
        // All busy and none answered yet: the next release calls pump.
        if (settled.length) schedule(Math.min(...settled) + WINDOW_MS)
        return
      }
      // User actions first; among equals, first come first served.
      const index = Math.max(0, waiting.findIndex((w) => w.priority === 'user'))
      const [next] = waiting.splice(index, 1)
      slots.push(Infinity)
      let released = false
      next!.resolve(() => {
        if (released) return
        released = true
        // In-flight slots are alike: settle any one of them.
        const position = slots.indexOf(Infinity)
        if (position >= 0) slots[position] = now()
        if (!timer) pump()
      })
    }
  }

  return {
    perSecond,
    acquire(priority, signal) {
      if (signal?.aborted) return Promise.reject(new CheckoutError('aborted', 'Cancelled.'))
      return new Promise<() => void>((resolve, reject) => {
        const onAbort = () => {
          const at = waiting.indexOf(entry)
          if (at < 0) return
          waiting.splice(at, 1)
          reject(new CheckoutError('aborted', 'Cancelled.'))
        }
        // Granted: the abort listener goes, or one signal would collect one per request of a sync.
        const entry = { priority, resolve: (release: () => void) => (signal?.removeEventListener('abort', onAbort), resolve(release)), reject }
        waiting.push(entry)
        signal?.addEventListener('abort', onAbort, { once: true })
        if (!timer) pump()
      })
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms)
      schedule(pausedUntil)
    },
  }
}
