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

export function insertInOrder(state: SimState, id: string): void {
  const order = state.paymentOrder
  const k = key(state, id)
  if (order.length === 0 || key(state, order[order.length - 1]!) <= k) order.push(id)
  else order.splice(lowerBound(state, k), 0, id)
}
