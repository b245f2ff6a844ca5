import { cvvLength } from '../reference/card-rules'
import { profileCard } from './card-catalog'
import { fingerprintFor } from './fingerprints'
import { cvvCheckFor } from './sandbox-rules'
import { invalid } from './sim-error'
import type { SimContext } from './sim-context'
import { makeId } from './random'
import type { Address, StoredCard, StoredToken } from './state'

export interface CardInput {
  number: string
  expiry_month: number
  expiry_year: number
  cvv?: string | undefined
  name?: string | undefined
  billing_address?: Address | undefined
}

/** Checks a card as the API does and reduces it to what may be kept (no full number, no CVV). */
export function vaultCard(ctx: SimContext, card: CardInput): { card: Omit<StoredCard, 'id' | 'customerId'>; cvvCheck?: string } {
  const profile = profileCard(card.number)
  if (!profile) throw invalid('card_number_invalid')
  const now = new Date(ctx.now())
  const expired = card.expiry_year < now.getUTCFullYear() || (card.expiry_year === now.getUTCFullYear() && card.expiry_month < now.getUTCMonth() + 1)
  if (expired) throw invalid('card_expired')
  if (card.cvv !== undefined && card.cvv.length !== cvvLength(profile.scheme)) throw invalid('cvv_invalid')
  return {
    card: {
      fingerprint: fingerprintFor(ctx, { bin: card.number.slice(0, 6), last4: card.number.slice(-4), expiry_month: card.expiry_month, expiry_year: card.expiry_year }),
      bin: card.number.slice(0, 6),
      last4: card.number.slice(-4),
      expiry_month: card.expiry_month,
      expiry_year: card.expiry_year,
      ...(card.name ? { name: card.name } : {}),
      ...(card.billing_address ? { billing_address: card.billing_address } : {}),
      profile,
    },
    cvvCheck: cvvCheckFor(profile, card.cvv),
  }
}

export const TOKEN_LIFETIME_MS = 15 * 60 * 1000

export function createToken(ctx: SimContext, card: CardInput): StoredToken {
  const vaulted = vaultCard(ctx, card)
  const token: StoredToken = {
    token: makeId(ctx.random, 'tok'),
    expiresAt: ctx.now() + TOKEN_LIFETIME_MS,
    used: false,
    card: vaulted.card,
    ...(vaulted.cvvCheck ? { cvvCheck: vaulted.cvvCheck } : {}),
  }
  ctx.state.tokens[token.token] = token
  ctx.changed({ token: token.token })
  return token
}

/** A token pays (or is saved) once, within 15 minutes. */
export function redeemToken(ctx: SimContext, id: string): StoredToken {
  const token = ctx.state.tokens[id]
  if (!token) throw invalid('token_invalid')
  if (token.used) throw invalid('token_used')
  if (token.expiresAt <= ctx.now()) throw invalid('token_expired')
  token.used = true
  ctx.changed({ token: id })
  return token
}

/**
 * Stores a card as a source (src_); the same card for the same customer reuses its source.
 * `attach: false` leaves a new source off the customer (a payment not yet approved).
 */
export function storeSource(ctx: SimContext, card: Omit<StoredCard, 'id' | 'customerId'> & { id?: string }, customerId?: string, options: { attach?: boolean } = {}): StoredCard {
  const { id: _unsaved, ...fields } = card
  if (customerId) {
    const existing = ctx.state.customers[customerId]?.instruments.map((id) => ctx.state.sources[id]).find((s) => s?.fingerprint === fields.fingerprint)
    if (existing) return existing
  }
  const source: StoredCard = { ...fields, id: makeId(ctx.random, 'src'), ...(customerId && options.attach !== false ? { customerId } : {}) }
  ctx.state.sources[source.id] = source
  return source
}

/** The card fields every answer about a card shares (token, payment source, instrument). */
export function cardFields(card: Omit<StoredCard, 'id' | 'customerId'>) {
  return {
    expiry_month: card.expiry_month,
    expiry_year: card.expiry_year,
    ...(card.name ? { name: card.name } : {}),
    scheme: card.profile.scheme,
    last4: card.last4,
    bin: card.bin,
    card_type: card.profile.card_type,
    card_category: card.profile.card_category,
    issuer: card.profile.issuer,
    issuer_country: card.profile.issuer_country,
    product_id: card.profile.product_id,
    product_type: card.profile.product_type,
  }
}

export function tokenView(token: StoredToken) {
  return {
    type: 'card',
    token: token.token,
    expires_on: new Date(token.expiresAt).toISOString(),
    ...cardFields(token.card),
    ...(token.card.billing_address ? { billing_address: token.card.billing_address } : {}),
  }
}
