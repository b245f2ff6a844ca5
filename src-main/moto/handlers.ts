import type { HandlersOf } from '../contract/define'
import type { motoCalls } from './contract'
import { addCard, createCustomer, lookupCustomer, openCustomer, removeCard, setDefaultCard } from './customer-file'
import { searchCustomers } from './customer-search'
import { createMotoPayment, getMotoPayment, settleUnknown, suggestReference, unresolvedRequests, type MotoDeps } from './payment-requests'

export const motoHandlers: HandlersOf<typeof motoCalls, MotoDeps> = {
  'moto.customers.search': async ({ store }, input) => ({ rows: await searchCustomers(store().db, input.q) }),
  'moto.customers.lookup': async (deps, input) => ({ customer: await lookupCustomer(deps, input.q) }),
  'moto.customers.open': async (deps, input) => openCustomer(deps, input.id),
  'moto.customers.create': async (deps, input) => createCustomer(deps, input),
  'moto.cards.setDefault': async (deps, input) => setDefaultCard(deps, input.customerId, input.sourceId),
  'moto.cards.remove': async (deps, input) => removeCard(deps, input.customerId, input.sourceId),
  'moto.cards.add': async (deps, input) => addCard(deps, input),
  'moto.payments.suggestReference': async ({ store, clock }) => ({ reference: await suggestReference(store().db, clock()) }),
  'moto.payments.create': async (deps, input) => createMotoPayment(deps, input),
  'moto.payments.get': async (deps, input) => getMotoPayment(deps, input.requestId),
  'moto.payments.unresolved': async ({ store }) => ({ rows: await unresolvedRequests(store().db) }),
  'moto.payments.resolve': async (deps, input) => settleUnknown(deps, input.requestId, input.ifMissing),
}
