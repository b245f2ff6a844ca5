import { randomBytes } from 'node:crypto'

// Ids and choices come from a Random so a seeded simulator is reproducible: the same seed
// number gives the same payments, ids included.
export interface Random {
  /** A float in [0, 1). */
  next(): number
}

/** mulberry32: tiny, fast and good enough for test data (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
  }
}

export const cryptoRandom: Random = {
  next: () => randomBytes(4).readUInt32BE() / 4294967296,
}

export function randomInt(random: Random, min: number, maxInclusive: number): number {
  return min + Math.floor(random.next() * (maxInclusive - min + 1))
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!
}

/** Picks by weight: [[value, weight], ...]. */
export function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0)
  let roll = random.next() * total
  for (const [value, weight] of table) {
    roll -= weight
    if (roll < 0) return value
  }
  return table[table.length - 1]![0]
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** Checkout.com ids: a prefix, an underscore and 26 base32 characters (pay_, act_, src_, cus_, tok_). */
export function makeId(random: Random, prefix: string): string {
  let body = ''
  for (let i = 0; i < 26; i++) body += BASE32[Math.floor(random.next() * 32)]
  return `${prefix}_${body}`
}

export function digits(random: Random, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += Math.floor(random.next() * 10)
  return out
}

/** A key in the current platform's format: prefix + 26 base32 + one check character. */
export function makeKey(random: Random, prefix: 'sk_sbox_' | 'pk_sbox_'): string {
  return makeId(random, prefix.slice(0, -1)) + BASE32[Math.floor(random.next() * 32)]
}
