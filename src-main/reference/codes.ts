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

/** What a merchant can do about each kind of decline: shown beside the figures, and to support after a phone payment. */
export const DECLINE_ADVICE: Record<Exclude<ResponseCategory, 'approved'>, string> = {
  soft_decline:
    'Temporary: the issuer may approve the same card later (insufficient funds, do not honour, issuer unavailable). Retry once or twice over the next days, not at once and not more than a few times (Checkout.com’s retry rules can do it for recurring payments), or ask the customer for another card.',
  hard_decline: 'Final for this card (lost, stolen, closed, expired or a pick-up order): do not retry it, as repeated attempts can cost scheme fines. Ask the customer for another card.',
  risk: 'Blocked by fraud rules, Checkout.com’s or yours. Review these payments under Risk; if good customers are being blocked, adjust your risk rules. Do not retry them blind.',
  error: 'A technical or set-up problem (invalid merchant, compliance, system malfunction): retry once; if it persists, contact Checkout.com support with the payment ids.',
}

/** Codes that mean the card details were wrong: the customer can correct them. */
export const CARD_DETAIL_CODES = new Set(['20014', '20054', '20087', '30033', '20012'])
export const CARD_DETAIL_ADVICE = 'The card details look wrong (number, expiry or security code): ask the customer to check them and try again.'

/** What a support agent tells the caller after a phone payment, by the answer's category. */
/** What to tell the caller, read after "Tell the caller:". */
export const CALLER_ADVICE: Record<ResponseCategory, string> = {
  approved: 'the payment went through. Read them the reference and, if they ask, the authorisation code.',
  soft_decline: 'it did not go through: their bank declined it for now. They can try again later (once, not straight away) or give another card.',
  hard_decline: 'their bank refused this card. Do not try it again: ask for another card.',
  risk: 'it could not be taken. Do not retry it or give the reason in detail; refer it to your risk team (Risk screen).',
  error: 'a technical problem stopped it, not their card. Try once more; if it happens again, take their details and call them back.',
}
