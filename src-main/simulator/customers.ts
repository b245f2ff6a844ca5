import type { z } from 'zod'
import { cardFields } from './cards'
import { makeId } from './random'
import type { CustomerRequest, CustomerUpdate } from './request-schemas'
import { invalid, SimError } from './sim-error'
import type { SimContext } from './sim-context'
import type { StoredCard, StoredCustomer } from './state'

// Customers by email, so a payment for a known email does not scan every customer (a seeded
// merchant has tens of thousands). Built from the state on first use, kept by create and update;
// an entry is trusted only while its customer still exists with that email.
const emailIndexes = new WeakMap<Record<string, StoredCustomer>, Map<string, string>>()
function emailIndex(customers: Record<string, StoredCustomer>): Map<string, string> {
  let index = emailIndexes.get(customers)
  if (!index) {
    index = new Map(Object.values(customers).map((c) => [c.email.toLowerCase(), c.id]))
    emailIndexes.set(customers, index)
  }
  return index
}

export function findCustomer(ctx: SimContext, idOrEmail: string): StoredCustomer | undefined {
  if (idOrEmail.startsWith('cus_')) return ctx.state.customers[idOrEmail]
  const email = idOrEmail.toLowerCase()
  const id = emailIndex(ctx.state.customers).get(email)
  const customer = id ? ctx.state.customers[id] : undefined
  return customer && customer.email.toLowerCase() === email ? customer : undefined
}

export function createCustomer(ctx: SimContext, input: z.infer<typeof CustomerRequest>): StoredCustomer {
  if (findCustomer(ctx, input.email)) throw new SimError(409, ['customer_email_already_exists'])
  const customer: StoredCustomer = { id: makeId(ctx.random, 'cus'), ...input, instruments: [] }
  ctx.state.customers[customer.id] = customer
  emailIndex(ctx.state.customers).set(customer.email.toLowerCase(), customer.id)
  ctx.changed({ customer: customer.id })
  return customer
}

/** A payment's `customer`: an existing id, or an email that links to (or creates) a customer. */
export function resolvePaymentCustomer(ctx: SimContext, ref: { id?: string | undefined; email?: string | undefined; name?: string | undefined } | undefined): StoredCustomer | undefined {
  if (!ref) return undefined
  if (ref.id) {
    const customer = ctx.state.customers[ref.id]
    if (!customer) throw invalid('customer_not_found')
    return customer
  }
  if (!ref.email) throw invalid('customer_email_required')
  return findCustomer(ctx, ref.email) ?? createCustomer(ctx, { email: ref.email, ...(ref.name ? { name: ref.name } : {}) })
}

/** Saves a source on a customer; the first one becomes the default. */
export function attachInstrument(ctx: SimContext, customer: StoredCustomer, source: StoredCard, makeDefault = false): void {
  source.customerId = customer.id
  if (!customer.instruments.includes(source.id)) customer.instruments.push(source.id)
  if (makeDefault || !customer.defaultInstrument) customer.defaultInstrument = source.id
  ctx.changed({ customer: customer.id, source: source.id })
}

export function updateCustomer(ctx: SimContext, id: string, input: z.infer<typeof CustomerUpdate>): void {
  const customer = findCustomer(ctx, id)
  if (!customer) throw new SimError(404)
  if (input.default !== undefined) {
    if (!customer.instruments.includes(input.default)) throw invalid('instrument_not_found')
    customer.defaultInstrument = input.default
  }
  if (input.email !== undefined && input.email.toLowerCase() !== customer.email.toLowerCase() && findCustomer(ctx, input.email)) {
    throw new SimError(409, ['customer_email_already_exists'])
  }
  const { default: _default, ...rest } = input
  Object.assign(customer, rest)
  emailIndex(ctx.state.customers).set(customer.email.toLowerCase(), customer.id)
  ctx.changed({ customer: customer.id })
}

export function deleteCustomer(ctx: SimContext, id: string): void {
  const customer = findCustomer(ctx, id)
  if (!customer) throw new SimError(404)
  delete ctx.state.customers[customer.id]
  ctx.changed({ customer: customer.id })
}

export function instrumentView(ctx: SimContext, source: StoredCard) {
  const customer = source.customerId ? ctx.state.customers[source.customerId] : undefined
  return {
    type: 'card',
    id: source.id,
    fingerprint: source.fingerprint,
    ...cardFields(source),
    ...(source.billing_address ? { account_holder: { billing_address: source.billing_address } } : {}),
    ...(customer ? { customer: { id: customer.id, email: customer.email, ...(customer.name ? { name: customer.name } : {}), default: customer.defaultInstrument === source.id } } : {}),
  }
}

export function customerView(ctx: SimContext, customer: StoredCustomer) {
  return {
    id: customer.id,
    email: customer.email,
    ...(customer.name ? { name: customer.name } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(customer.metadata ? { metadata: customer.metadata } : {}),
    ...(customer.defaultInstrument ? { default: customer.defaultInstrument } : {}),
    instruments: customer.instruments.map((id) => ctx.state.sources[id]).filter((s): s is StoredCard => Boolean(s)).map((s) => instrumentView(ctx, s)),
  }
}
