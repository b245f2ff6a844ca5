import { cryptoRandom, type Random } from './random'
import type { SimContext } from './sim-context'
import type { SimState } from './state'

// A card's fingerprint is the same every time the same card is seen, as Checkout.com's is. It is
// a random value kept with the card's stored fields, not a hash or HMAC of the card number: a key
// in this code or in the state file would let anyone with the file brute-force the number back
// from its BIN and last 4 (10^5 candidates). The same card is known by what may be kept of it
// anyway: its BIN, last 4 and expiry.

type CardIdentity = { bin: string; last4: string; expiry_month: number; expiry_year: number }

const identityOf = (card: CardIdentity) => `${card.bin}|${card.last4}|${card.expiry_month}|${card.expiry_year}`

/** Fingerprints by identity, derived from the stored sources and tokens (so nothing more is kept). */
const indexes = new WeakMap<SimState, Map<string, string>>()

function indexOf(state: SimState): Map<string, string> {
  let index = indexes.get(state)
  if (!index) {
    index = new Map()
    for (const card of [...Object.values(state.sources), ...Object.values(state.tokens).map((t) => t.card)]) index.set(identityOf(card), card.fingerprint)
    indexes.set(state, index)
  }
  return index
}

function randomFingerprint(random: Random): string {
  let hex = ''
  while (hex.length < 64) hex += Math.floor(random.next() * 0x10000).toString(16).padStart(4, '0')
  return hex.toUpperCase()
}

/** The fingerprint of this card: the one it had before, or a new random one. */
export function fingerprintFor(ctx: SimContext, card: CardIdentity): string {
  const index = indexOf(ctx.state)
  const key = identityOf(card)
  let fingerprint = index.get(key)
  if (!fingerprint) {
    fingerprint = randomFingerprint(ctx.random)
    index.set(key, fingerprint)
  }
  return fingerprint
}

/**
 * A state written before fingerprints were random (an HMAC of the card number under a key in the
 * code) gets random ones, the same for the same card, in its sources, tokens and attempt counts,
 * and loses the request hashes its idempotency records kept (a SHA-256 of each body, card
 * number and CVV included). Returns whether anything changed.
 */
export function forgetCardHashes(state: SimState): boolean {
  if (state.fingerprints === 'random') return false
  const replaced = new Map<string, string>()
  const byIdentity = new Map<string, string>()
  const renew = (card: CardIdentity & { fingerprint: string }) => {
    const key = identityOf(card)
    const fresh = byIdentity.get(key) ?? randomFingerprint(cryptoRandom)
    byIdentity.set(key, fresh)
    replaced.set(card.fingerprint, fresh)
    card.fingerprint = fresh
  }
  for (const source of Object.values(state.sources)) renew(source)
  for (const token of Object.values(state.tokens)) renew(token.card)
  state.attempts = Object.fromEntries(
    Object.entries(state.attempts).map(([key, count]) => {
      const [fingerprint, ...rest] = key.split(':')
      return [[replaced.get(fingerprint!) ?? fingerprint, ...rest].join(':'), count]
    }),
  )
  // Answers kept for replays quote the old fingerprints: dropped, as a sweep would drop them within a day.
  state.idempotency = {}
  state.fingerprints = 'random'
  indexes.delete(state)
  return true
}
