import type { SimState } from './state'

// state.paymentOrder stays sorted by (requested_on, id), so lists and reports can find a
// date or a cursor by binary search instead of scanning or sorting per request.

const key = (state: SimState, id: string) => `${state.payments[id]!.requested_on}|${id}`

/** Index of the first payment whose (requested_on, id) is >= the given key. */
export function lowerBound(state: SimState, target: string): number {
  let lo = 0
  let hi = state.paymentOrder.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (key(state, state.paymentOrder[mid]!) < target) lo = mid + 1
    else hi = mid
  }
  return lo
}

// Payments by reference, for GET /payments?reference= and search by reference without a scan;
// built on first use, then kept by insertInOrder (references never change).
const referenceIndexes = new WeakMap<SimState['payments'], Map<string, string[]>>()
export function paymentsWithReference(state: SimState, reference: string): string[] {
  let index = referenceIndexes.get(state.payments)
  if (!index) {
    index = new Map()
    for (const id of state.paymentOrder) addReference(index, state, id)
    referenceIndexes.set(state.payments, index)
  }
  return index.get(reference) ?? []
}
function addReference(index: Map<string, string[]>, state: SimState, id: string): void {
  const reference = state.payments[id]!.reference
  if (reference === undefined) return
  const ids = index.get(reference)
  if (ids) ids.push(id)
  else index.set(reference, [id])
}

export function insertInOrder(state: SimState, id: string): void {
  const index = referenceIndexes.get(state.payments)
  if (index) addReference(index, state, id)
  const order = state.paymentOrder
  const k = key(state, id)
  if (order.length === 0 || key(state, order[order.length - 1]!) <= k) order.push(id)
  else order.splice(lowerBound(state, k), 0, id)
}
