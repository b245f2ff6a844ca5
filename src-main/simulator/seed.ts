import { minorUnitExponent } from '../reference/minor-units'
import { applyDueCaptures, capturePayment, completeThreeDs, createPayment, refundPayment, voidPayment } from './payments'
import { pick, randomInt, seededRandom, weighted, type Random } from './random'
import type { PaymentRequest } from './request-schemas'
import { SimError } from './sim-error'
import type { SimContext } from './sim-context'

// A merchant's history, deterministic for a seed number: the same ids, amounts, cards and
// outcomes every time, laid over the `days` before `endAt`. Volumes follow a day curve and a
// week (quieter nights and weekends) with slow growth; declines come from the sandbox's own
// triggers (amount endings and decline cards), so the breakdowns look like a real merchant's.

export interface SeedOptions {
  count: number
  days: number
  seed: number
  /** The end of the history (ms); defaults to the start of the current UTC day, so a seed is stable all day. */
  endAt?: number
}

const DAY = 24 * 3600 * 1000
const HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3.5, 4.5, 5, 5.5, 6.5, 6, 5.5, 5.5, 6, 6.5, 7.5, 8, 7.5, 6, 4, 2]
const WEEKDAY_WEIGHTS = [0.75, 1, 1, 1.02, 1.05, 1.15, 0.85] // Sunday first

const GOOD_CARDS = [
  ['4242424242424242', 30],
  ['4543474002249996', 14],
  ['5436031030606378', 16],
  ['2223000010479399', 6],
  ['5199992312641465', 5],
  ['4658584090000001', 10],
  ['5000186622346654', 4],
  ['345678901234564', 5],
  ['378282246310005', 2],
  ['6011111111111117', 1],
  ['3530111333300000', 1],
  ['30123456789019', 0.5],
] as const
const DECLINE_CARDS = [
  ['4544249167673670', 5], // 20051 insufficient funds
  ['4724117215951699', 2], // 20054 expired card
  ['4485381577182090', 1], // 20014
  ['4897453568485113', 1.2], // 20059 suspected fraud
  ['4111111111111129', 1], // 20001
  ['4818924250131070', 0.6], // 20062
  ['4556294593757189', 0.6], // 20061
  ['4734868958733862', 0.8], // 200N7 CVV failure
] as const
const CVV_CARD = '4659105569051157'
// Its customers' CVVs: 204 D, 205 P, 202 U, other digits Y (a Visa or Mastercard card sent with no CVV answers N).
const CVV_TRIGGERS = ['204', '205', '202', '123', '456']
const CURRENCIES = [
  ['GBP', 44],
  ['EUR', 30],
  ['USD', 20],
  ['JPY', 4],
  ['KWD', 2],
] as const
const FIRST = ['Olivia', 'Noah', 'Amelia', 'Liam', 'Isla', 'Leo', 'Ava', 'Oscar', 'Mia', 'Arthur', 'Sofia', 'Lucas', 'Chloe', 'Hugo', 'Emma', 'Mateo', 'Yuki', 'Omar', 'Lina', 'Jonas']
const LAST = ['Smith', 'Jones', 'Garcia', 'Müller', 'Martin', 'Rossi', 'Dubois', 'Tanaka', 'Nowak', 'Silva', 'Khan', 'Novak', 'Brown', 'Jensen', 'Costa', 'Weber']
// The sandbox answers AVS by the first address line (API-NOTES section 7): most shoppers' addresses
// match, some only in part or not at all, and an ordinary line is "not supported" (S).
const ADDRESS_LINES = [
  ['Test_Y', 70], // street and postcode match
  ['1 High Street', 10], // S
  ['Test_N', 4], // no match
  ['Test_A', 3], // street only
  ['Test_Z', 3], // postcode only
  ['Test_U', 2], // issuer not capable
  ['Test_R', 1], // not available
] as const

interface SeedCustomer {
  email: string
  name: string
  card: string
  addressLine: string
  sourceId?: string
  customerId?: string
}

function amountFor(random: Random, currency: string): number {
  // Log-normal basket values around 45 (major units), in the currency's minor units.
  const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
  let major = Math.exp(Math.log(45) + 0.9 * gaussian)
  if (currency === 'JPY') major *= 160
  if (currency === 'KWD') major *= 0.31
  const exponent = minorUnitExponent(currency)
  return Math.max(10 ** exponent, roundToStep(Math.round(major * 10 ** exponent), currency))
}

/** Three-decimal currencies are taken to two decimals (the last digit 0), as Checkout.com requires. */
const roundToStep = (minor: number, currency: string) => (minorUnitExponent(currency) === 3 ? Math.max(10, Math.round(minor / 10) * 10) : minor)

function timestamps(random: Random, count: number, days: number, endAt: number): number[] {
  const start = endAt - days * DAY
  const dayWeights = Array.from({ length: days }, (_, d) => {
    const date = new Date(start + d * DAY)
    return [d, WEEKDAY_WEIGHTS[date.getUTCDay()]! * (0.8 + (0.4 * d) / Math.max(1, days))] as const
  })
  const hours = HOUR_WEIGHTS.map((w, h) => [h, w] as const)
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const day = weighted(random, dayWeights)
    const hour = weighted(random, hours)
    times.push(start + day * DAY + hour * 3600 * 1000 + randomInt(random, 0, 3599_999))
  }
  return times.sort((a, b) => a - b)
}

export function seedMerchantHistory(live: SimContext, options: SeedOptions): void {
  const random = seededRandom(options.seed)
  const ctx: SimContext = { ...live, random, get state() { return live.state } }
  const endAt = options.endAt ?? Math.floor(live.now() / DAY) * DAY
  const now = live.now()

  const customers: SeedCustomer[] = Array.from({ length: Math.max(5, Math.round(options.count / 6)) }, (_, i) => {
    const first = pick(random, FIRST)
    const last = pick(random, LAST)
    const flagged = random.next() < 0.015
    return {
      name: `${first} ${last}`,
      email: `${flagged ? 'flagged.' : ''}${first}.${last}.${i}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
      card: random.next() < 0.05 ? CVV_CARD : weighted(random, GOOD_CARDS),
      addressLine: weighted(random, ADDRESS_LINES),
    }
  })

  for (const at of timestamps(random, options.count, options.days, endAt)) {
    const currency = weighted(random, CURRENCIES)
    const type = weighted(random, [['Regular', 75], ['MOTO', 15], ['Recurring', 10]] as const)
    const customer = random.next() < 0.8 ? pick(random, customers) : undefined
    const declineCard = random.next() < 0.04 ? weighted(random, DECLINE_CARDS) : undefined
    const authorizeOnly = random.next() < 0.25
    const threeDs = type === 'Regular' && random.next() < 0.12
    const reference = `ORD-${String(Math.floor(at / 1000) % 10_000_000).padStart(7, '0')}-${randomInt(random, 100, 999)}`

    let source: PaymentRequest['source']
    if (type === 'Recurring' && customer?.sourceId && !declineCard) source = { type: 'id', id: customer.sourceId }
    else {
      const number = declineCard ?? customer?.card ?? weighted(random, GOOD_CARDS)
      const cvv = number === CVV_CARD ? pick(random, CVV_TRIGGERS) : number.startsWith('3') && number.length === 15 ? '1234' : '100'
      source = {
        type: 'card',
        number,
        expiry_month: randomInt(random, 1, 12),
        expiry_year: new Date(endAt).getUTCFullYear() + randomInt(random, 1, 5),
        // With its CVV: a Visa or Mastercard card sent without one answers cvv_check N (no match).
        cvv,
        billing_address: { address_line1: customer?.addressLine ?? weighted(random, ADDRESS_LINES), city: 'London', zip: 'W1T 4TJ', country: 'GB' },
      }
    }
    const request: PaymentRequest = {
      source,
      amount: amountFor(random, currency),
      currency,
      payment_type: type,
      reference,
      capture: !authorizeOnly,
      ...(customer ? { customer: customer.customerId ? { id: customer.customerId } : { email: customer.email, name: customer.name } } : {}),
      ...(threeDs ? { '3ds': { enabled: true } } : {}),
      metadata: { channel: type === 'MOTO' ? 'phone' : 'web' },
      // A web shopper's address (from the reference, so the random sequence is untouched); a phone order has none.
      ...(type === 'MOTO' ? {} : { payment_ip: shopperIp(reference) }),
    }
    let payment
    try {
      payment = createPayment(ctx, request, at).payment
    } catch (error) {
      if (error instanceof SimError) continue // e.g. a card expired within the history: skipped, as the real API would refuse it
      throw error
    }
    if (customer) {
      customer.customerId = payment.customerId
      customer.sourceId ??= payment.sourceId
    }
    if (payment.status === 'Pending') {
      const roll = random.next()
      if (roll < 0.85) completeThreeDs(ctx, payment.id, true, at + randomInt(random, 20_000, 120_000))
      else if (roll < 0.93) completeThreeDs(ctx, payment.id, false, at + randomInt(random, 20_000, 120_000))
      // else the cardholder abandoned the challenge: Pending, then Canceled after an hour.
    }
    applyDueCaptures(ctx, at + 300_000)
    followUp(ctx, random, payment.id, at, now)
  }
  live.changed()
}

/** What happens after the authorisation: later captures, voids and refunds, never after `now`. */
function followUp(ctx: SimContext, random: Random, id: string, at: number, now: number): void {
  const payment = ctx.state.payments[id]!
  const later = (minHours: number, maxHours: number) => at + randomInt(random, minHours * 3600_000, maxHours * 3600_000)
  if (payment.status === 'Authorized') {
    const roll = random.next()
    const when = later(2, 72)
    if (when > now) return
    if (roll < 0.45) capturePayment(ctx, id, {}, when)
    else if (roll < 0.6) capturePayment(ctx, id, { amount: roundToStep(Math.max(1, Math.round(payment.amount * (0.5 + random.next() * 0.4))), payment.currency) }, when)
    else if (roll < 0.75) voidPayment(ctx, id, { reference: 'Order cancelled' }, when)
    // else left open: it expires after seven days.
  }
  if ((payment.status === 'Captured' || payment.status === 'Partially Captured') && random.next() < 0.07) {
    const when = later(12, 240)
    if (when > now) return
    const captured = payment.actions.filter((a) => a.type === 'Capture').reduce((s, a) => s + a.amount, 0)
    const partial = random.next() < 0.3
    refundPayment(ctx, id, { amount: partial ? roundToStep(Math.max(1, Math.round(captured * (0.2 + random.next() * 0.5))), payment.currency) : captured, reference: partial ? 'Partial return' : 'Return' }, when)
  }
}

/** A plausible public IPv4 address for a web order, made from its reference. */
function shopperIp(reference: string): string {
  let hash = 0x811c9dc5
  for (const char of reference) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
  return `${[81, 86, 90, 109, 176, 212][hash % 6]}.${(hash >>> 8) & 255}.${(hash >>> 16) & 255}.${1 + ((hash >>> 24) % 254)}`
}
