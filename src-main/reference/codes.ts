import data from './sandbox-test-data.json'

// What Checkout.com's codes mean, from the documented tables. Pure data: the renderer shows
// these meanings, the simulator answers with them, insights group by them.

export const RESPONSE_CATEGORIES = ['approved', 'soft_decline', 'hard_decline', 'risk', 'error'] as const
export type ResponseCategory = (typeof RESPONSE_CATEGORIES)[number]

export const RESPONSE_CATEGORY_LABELS: Record<ResponseCategory, string> = { approved: 'Approved', soft_decline: 'Soft decline', hard_decline: 'Hard decline', risk: 'Risk', error: 'Error' }

export const RESPONSE_CODES = new Map<string, { summary: string; category: ResponseCategory }>(data.response_codes.map((r) => [r.code, { summary: r.summary, category: r.category as ResponseCategory }]))
export const AVS_CODES = new Map<string, { meaning: string; class: string }>(data.avs_codes.map((c) => [c.code, { meaning: c.meaning, class: c.class }]))
export const CVV_CODES = new Map<string, { meaning: string; class: string }>(data.cvv_codes.map((c) => [c.code, { meaning: c.meaning, class: c.class }]))

/** A code's category by its documented prefix when the table does not list it. */
export function responseCategory(code: string): ResponseCategory {
  const known = RESPONSE_CODES.get(code)?.category
  if (known) return known
  if (code.startsWith('10')) return 'approved'
  if (code.startsWith('20')) return 'soft_decline'
  if (code.startsWith('30')) return 'hard_decline'
  if (code.startsWith('4')) return 'risk'
  return 'error'
}
