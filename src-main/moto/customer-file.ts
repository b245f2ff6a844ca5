import type { Kysely } from 'kysely'
import type { CheckoutConnection } from '../checkout/connection'
import { CheckoutError } from '../checkout/errors'
import type { Customer } from '../checkout/schemas'
import { AppError } from '../contract/errors'
import { isExpired } from '../reference/card-rules'
import type { PaymentsDatabase } from '../store/payments-database'
import type { CustomerFile, CustomerHit, NewCardInput } from './contract'

// A customer and their saved cards, as the agent needs them on the phone: read from
// Checkout.com each time the customer is opened (cards are added and removed elsewhere too)
// and kept here, so a dropped connection still shows what was last known, marked as such.

export interface CustomerDeps {
  store: () => { db: Kysely<PaymentsDatabase> }
  checkout: CheckoutConnection
  clock: () => Date
}

/** Failures after which the local copy is still worth showing. */
const OFFLINE = new Set(['network', 'timeout', 'server', 'rate_limited'])

const phoneText = (phone: unknown) => {
  const p = phone as { country_code?: string; number?: string } | undefined
  return p?.number ? `${p.country_code ? `${p.country_code} ` : ''}${p.number}` : null
}

/** Replaces what is kept of a customer with Checkout.com's answer, in one transaction. */
export async function keepCustomer(db: Kysely<PaymentsDatabase>, customer: Customer, now: Date): Promise<void> {
  const at = now.toISOString()
  const phone = phoneText((customer as { phone?: unknown }).phone)
  await db.transaction().execute(async (tx) => {
    const profile = { email: customer.email, name: customer.name ?? null, phone, phone_digits: phone ? phone.replace(/\D/g, '') : null, default_source_id: customer.default ?? null, fetched_at: at }
    await tx.insertInto('customer_profiles').values({ id: customer.id, ...profile }).onConflict((oc) => oc.column('id').doUpdateSet(profile)).execute()
    await tx.deleteFrom('customer_cards').where('customer_id', '=', customer.id).execute()
    const cards = (customer.instruments ?? []).map((i) => ({
      id: i.id,
      customer_id: customer.id,
      scheme: i.scheme ?? null,
      card_type: i.card_type ?? null,
      bin: i.bin ?? null,
      last4: i.last4 ?? null,
      expiry_month: i.expiry_month ?? null,
      expiry_year: i.expiry_year ?? null,
      issuer_country: i.issuer_country ?? null,
      fetched_at: at,
    }))
    if (cards.length) await tx.insertInto('customer_cards').values(cards).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ customer_id: eb.ref('excluded.customer_id'), fetched_at: eb.ref('excluded.fetched_at') }))).execute()
  })
}

/** What this computer knows of a customer: Checkout.com's last answer, else what the payments showed. */
export async function localCustomerFile(db: Kysely<PaymentsDatabase>, id: string, now: Date, from: CustomerFile['from'], warning: string | null): Promise<CustomerFile> {
  const profile = await db.selectFrom('customer_profiles').selectAll().where('id', '=', id).executeTakeFirst()
  const seen = await db.selectFrom('customers').select(['email', 'name']).where('id', '=', id).executeTakeFirst()
  if (!profile && !seen) throw new AppError('not_found', `No customer ${id} on this computer, and Checkout.com could not be asked.`)
  const cards = profile
    ? await db.selectFrom('customer_cards').select(['id', 'scheme', 'card_type', 'bin', 'last4', 'expiry_month', 'expiry_year', 'issuer_country']).where('customer_id', '=', id).orderBy('id').execute()
    : await db.selectFrom('instruments').select(['id', 'scheme', 'card_type', 'bin', 'last4', 'expiry_month', 'expiry_year', 'issuer_country']).where('customer_id', '=', id).orderBy('last_used_at', 'desc').execute()
  const last = await db.selectFrom('payments').select('currency').where('customer_id', '=', id).orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  const defaultId = profile?.default_source_id ?? null
  return {
    customer: { id, email: profile?.email ?? seen?.email ?? null, name: profile?.name ?? seen?.name ?? null, phone: profile?.phone ?? null },
    // The cards that can still pay, the default first, then the expired ones.
    cards: cards
      .map((c) => ({ ...c, isDefault: c.id === defaultId, expired: c.expiry_month !== null && c.expiry_year !== null && isExpired(c.expiry_month, c.expiry_year, now) }))
      .sort((a, b) => Number(a.expired) - Number(b.expired) || Number(b.isDefault) - Number(a.isDefault)),
    from,
    fetchedAt: profile?.fetched_at ?? null,
    warning,
    lastCurrency: last?.currency ?? null,
  }
}

/** The customer read from Checkout.com now and kept; the local copy, marked, when it cannot be reached. */
export async function openCustomer(deps: CustomerDeps, id: string): Promise<CustomerFile> {
  const db = deps.store().db
  try {
    const client = await deps.checkout.client()
    await keepCustomer(db, await client.getCustomer(id), deps.clock())
  } catch (error) {
    if (error instanceof CheckoutError && error.code === 'not_found') {
      await db.deleteFrom('customer_cards').where('customer_id', '=', id).execute()
      await db.deleteFrom('customer_profiles').where('id', '=', id).execute()
      throw new AppError('not_found', `Checkout.com has no customer ${id} (deleted, or from another account).`)
    }
    if (error instanceof CheckoutError && OFFLINE.has(error.code)) {
      return localCustomerFile(db, id, deps.clock(), 'local', `Checkout.com could not be reached (${error.message}) These are the cards this computer last knew of; one may have been removed since.`)
    }
    throw error
  }
  return localCustomerFile(db, id, deps.clock(), 'checkout', null)
}

/** A customer Checkout.com knows by id or email (GET /customers/{id or email}), kept here; null when it knows none. */
export async function lookupCustomer(deps: CustomerDeps, q: string): Promise<CustomerHit | null> {
  const text = q.trim()
  if (!/^cus_\w{26}$/.test(text) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) return null
  const client = await deps.checkout.client()
  let customer: Customer
  try {
    customer = await client.getCustomer(text)
  } catch (error) {
    if (error instanceof CheckoutError && error.code === 'not_found') return null
    throw error
  }
  await keepCustomer(deps.store().db, customer, deps.clock())
  return { id: customer.id, email: customer.email, name: customer.name ?? null, phone: phoneText((customer as { phone?: unknown }).phone), lastPaymentAt: null, last4s: [...new Set((customer.instruments ?? []).flatMap((i) => (i.last4 ? [i.last4] : [])))].sort() }
}

export async function createCustomer(deps: CustomerDeps, input: { actionId: string; email: string; name?: string | undefined; phone?: string | undefined }): Promise<CustomerFile> {
  const client = await deps.checkout.client()
  try {
    const created = await client.createCustomer(input.actionId, { email: input.email, ...(input.name ? { name: input.name } : {}), ...(input.phone ? { phone: { number: input.phone } } : {}) })
    return await openCustomer(deps, created.id)
  } catch (error) {
    // The email is taken: that customer is the one the agent is looking for.
    if (error instanceof CheckoutError && error.code === 'conflict') {
      const existing = await lookupCustomer(deps, input.email)
      if (existing) return { ...(await openCustomer(deps, existing.id)), warning: `Checkout.com already has a customer with ${input.email}: this is that customer.` }
    }
    throw error
  }
}

async function ownCard(deps: CustomerDeps, customerId: string, sourceId: string): Promise<void> {
  const card = await deps.store().db.selectFrom('customer_cards').select('id').where('id', '=', sourceId).where('customer_id', '=', customerId).executeTakeFirst()
  if (!card) throw new AppError('not_found', `Card ${sourceId} is not one of this customer's saved cards; open the customer again.`)
}

export async function setDefaultCard(deps: CustomerDeps, customerId: string, sourceId: string): Promise<CustomerFile> {
  await ownCard(deps, customerId, sourceId)
  await (await deps.checkout.client()).updateCustomer(customerId, { default: sourceId })
  return openCustomer(deps, customerId)
}

export async function removeCard(deps: CustomerDeps, customerId: string, sourceId: string): Promise<CustomerFile> {
  await ownCard(deps, customerId, sourceId)
  await (await deps.checkout.client()).deleteInstrument(sourceId)
  return openCustomer(deps, customerId)
}

/**
 * Tokenises a typed card with the public key (POST /tokens), the only request the number and
 * CVV are ever in. Nothing here keeps, logs or repeats them; an error says what failed, not what was typed.
 */
export async function tokenizeCard(deps: Pick<CustomerDeps, 'checkout'>, actionId: string, card: NewCardInput) {
  const client = await deps.checkout.client()
  try {
    return await client.createCardToken(actionId, { number: card.number, expiry_month: card.expiryMonth, expiry_year: card.expiryYear, cvv: card.cvv, ...(card.name ? { name: card.name } : {}) })
  } catch (error) {
    if (error instanceof CheckoutError && error.code === 'authentication') throw new AppError('key_rejected', 'A new card needs the account’s public key (pk_…) to be tokenised: add it in Settings.')
    if (error instanceof CheckoutError && error.code === 'validation') throw new AppError('refused', `Checkout.com did not accept the card details (${error.details.errorCodes?.join(', ') ?? 'invalid'}): check them with the caller.`)
    throw error
  }
}

export async function addCard(deps: CustomerDeps, input: { actionId: string; customerId: string; card: NewCardInput; makeDefault: boolean }): Promise<CustomerFile> {
  const token = await tokenizeCard(deps, input.actionId, input.card)
  await (await deps.checkout.client()).createInstrument(input.actionId, { type: 'token', token: token.token, customer: { id: input.customerId, default: input.makeDefault } })
  return openCustomer(deps, input.customerId)
}
