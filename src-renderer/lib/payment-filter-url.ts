import type { PaymentFilter, PaymentSort } from '../../src-main/contract'
import { addDays, dayOf, daysRange, formatAmountInput, formatMinorDecimal, isPaymentStatus, parseMajorAmount, readAmount, RESPONSE_CATEGORIES, type ResponseCategory } from '../../src-main/contract/reference'

const isResponseCategory = (c: string): c is ResponseCategory => (RESPONSE_CATEGORIES as readonly string[]).includes(c)

// The payments view lives in the address (#/payments?status=Captured&range=7d…), so a view
// can be bookmarked and comes back after a restart. Days are days in the chosen time zone
// (Settings), cut at its midnight, whatever the computer's clock says.

export const RANGES = [
  ['all', 'All time'],
  ['today', 'Today'],
  ['yesterday', 'Yesterday'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['custom', 'Custom…'],
] as const
export type RangeKey = (typeof RANGES)[number][0]

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : undefined)

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/

export function rangeBounds(range: string | null, params: URLSearchParams, now: Date, zone: string): { from?: string; to?: string } {
  const today = dayOf(now.getTime(), zone)
  const day = 86_400_000
  switch (range) {
    case 'today':
      return { from: daysRange(today, today, zone).from }
    case 'yesterday':
      return daysRange(addDays(today, -1), addDays(today, -1), zone)
    // Rolling windows: the same instants in every zone.
    case '7d':
      return { from: new Date(now.getTime() - 7 * day).toISOString() }
    case '30d':
      return { from: new Date(now.getTime() - 30 * day).toISOString() }
    case 'custom': {
      const from = params.get('from')
      const to = params.get('to')
      return {
        ...(from && DAY_TEXT.test(from) ? { from: daysRange(from, from, zone).from } : {}),
        // The custom end day is inclusive.
        ...(to && DAY_TEXT.test(to) ? { to: daysRange(to, to, zone).to } : {}),
      }
    }
    default:
      return {}
  }
}

/** Amounts are typed in major units; with one currency selected its exponent applies, else two decimals. */
/** An amount applies to one currency only (its minor units): without exactly one, it is not applied. */
function amountParam(text: string | null, currencies: string[] | undefined): number | undefined {
  if (!text || currencies?.length !== 1) return undefined
  return parseMajorAmount(text, currencies[0]!) ?? undefined
}

export function filterFromParams(params: URLSearchParams, zone: string, locale: string, now = new Date()): PaymentFilter {
  const currency = list(params.get('currency'))
  const flagged = params.get('flagged')
  const outcome = params.get('outcome')
  const threeDs = params.get('threeds')
  const filter: PaymentFilter = {
    ...rangeBounds(params.get('range'), params, now, zone),
    // A status the API does not have (a hand-edited address) is left out rather than refused.
    status: list(params.get('status'))?.filter(isPaymentStatus),
    outcome: outcome === 'approved' || outcome === 'declined' || outcome === 'pending' || outcome === 'attempted' ? outcome : undefined,
    currency,
    scheme: list(params.get('scheme')),
    responseCode: list(params.get('code')),
    avs: list(params.get('avs')),
    cvv: list(params.get('cvv')),
    flagged: flagged === 'yes' ? true : flagged === 'no' ? false : undefined,
    paymentType: list(params.get('type')),
    // The insights' drill-downs: a decline's kind, the card's type, issuing country and BIN, 3-D Secure.
    category: list(params.get('category'))?.filter(isResponseCategory),
    cardType: list(params.get('cardtype')),
    issuerCountry: list(params.get('country'))?.filter((c) => /^[A-Z]{2}$/.test(c)),
    bin: list(params.get('bin'))?.filter((b) => /^\d{6}$/.test(b)),
    threeDs: threeDs === 'yes' ? true : threeDs === 'no' ? false : undefined,
    amountMin: amountParam(params.get('min'), currency),
    amountMax: amountParam(params.get('max'), currency),
    q: params.get('q')?.trim() || undefined,
    // The search is read in the main process; an amount in it is read the way it was typed.
    locale: params.get('q')?.trim() ? locale : undefined,
  }
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as PaymentFilter
}

/** An amount sort applies within one currency only (amounts in different currencies do not compare); otherwise by date. */
export function sortFromParams(params: URLSearchParams): PaymentSort {
  const oneCurrency = list(params.get('currency'))?.length === 1
  return { by: params.get('sort') === 'amount' && oneCurrency ? 'amount' : 'date', dir: params.get('dir') === 'asc' ? 'asc' : 'desc' }
}

/** The date filter in words, for the totals ("today", "from 1 Nov 2026 to 7 Nov 2026": days of the zone the screen names). */
export function periodOf(params: URLSearchParams): string {
  const range = params.get('range')
  const named = RANGES.find(([key]) => key === range)
  if (!range || range === 'all' || !named) return 'at any date'
  if (range !== 'custom') return named[1].toLowerCase().replace(/^last/, 'in the last')
  const day = (text: string | null) => (text && DAY_TEXT.test(text) ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${text}T00:00:00Z`)) : null)
  const [from, to] = [day(params.get('from')), day(params.get('to'))]
  return from && to ? `from ${from} to ${to}` : from ? `from ${from}` : to ? `up to ${to}` : 'at any date'
}

/** An amount range as typed in the filter bar: each end read in the locale (a problem beside the field), and the canonical form the address keeps ("12.50"). */
export function typedAmountRange(min: string, max: string, currencies: string[] | undefined, locale: string): Record<'min' | 'max', { problem: string | null; canonical: string | null }> {
  const one = (text: string) => {
    if (!text.trim()) return { problem: null, canonical: null, minor: null }
    if (currencies?.length !== 1) return { problem: 'Choose one currency: an amount is in its units', canonical: null, minor: null }
    const reading = readAmount(text, { currency: currencies[0]!, locale, allowZero: true })
    return reading.ok ? { problem: null, canonical: formatMinorDecimal(reading.minor, currencies[0]!), minor: reading.minor } : { problem: reading.message, canonical: null, minor: null }
  }
  const [low, high] = [one(min), one(max)]
  const below = low.minor !== null && high.minor !== null && high.minor < low.minor
  return { min: { problem: low.problem, canonical: low.canonical }, max: { problem: below ? 'Below the minimum' : high.problem, canonical: below ? null : high.canonical } }
}

/** An amount the address keeps ("12.50"), as the locale writes it in a field ("12,50"). */
export function amountForField(canonical: string, currencies: string[], locale: string): string {
  const minor = currencies.length === 1 ? parseMajorAmount(canonical, currencies[0]!) : null
  return minor === null ? canonical : formatAmountInput(minor, currencies[0]!, locale)
}
