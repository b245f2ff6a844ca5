import { z } from 'zod'
import { Empty, type CallTable } from '../contract/define'
import { moneyRuleProblem } from '../reference/amount-input'
import { cardNumberProblem, cardScheme, cvvProblem, expiryProblem } from '../reference/card-rules'
import { CustomerCardRecord, PaymentRequestRecord } from '../store/payment-records'

export { REQUEST_STATES, type RequestState, type CustomerCardRecord, type CustomerProfileRecord, type PaymentRequestRecord } from '../store/payment-records'

// Phone orders (MOTO): find or create the customer, charge a saved card or a new one, never
// twice. The card number and CVV of a new card appear only in the inputs of the two calls that
// tokenise it (moto.payments.create, moto.cards.add): no output, record or error holds them.

export const CustomerHit = z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable(), lastPaymentAt: z.string().nullable(), last4s: z.array(z.string()) })
export type CustomerHit = z.infer<typeof CustomerHit>

export const SavedCard = CustomerCardRecord.omit({ customer_id: true, fetched_at: true }).extend({ isDefault: z.boolean(), expired: z.boolean() })
export type SavedCard = z.infer<typeof SavedCard>

export const CustomerFile = z.object({
  customer: z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable() }),
  cards: z.array(SavedCard),
  /** 'checkout': read from Checkout.com just now; 'local': Checkout.com could not be reached, these are what this computer last knew. */
  from: z.enum(['checkout', 'local']),
  fetchedAt: z.string().nullable(),
  warning: z.string().nullable(),
  /** The currency this customer paid in most recently, to start the form with. */
  lastCurrency: z.string().nullable(),
})
export type CustomerFile = z.infer<typeof CustomerFile>

export const PaymentRequestView = PaymentRequestRecord.omit({ idempotency_key: true, body_json: true }).extend({
  customer_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  description: z.string().nullable(),
  capture: z.boolean(),
})
export type PaymentRequestView = z.infer<typeof PaymentRequestView>

const CustomerId = z.string().regex(/^cus_\w{26}$/, 'a customer id is cus_ followed by 26 letters or digits')
const SourceId = z.string().regex(/^src_\w{26}$/, 'a saved card id is src_ followed by 26 letters or digits')
const ActionId = z.string().uuid('the action id must be a UUID made when the agent started')
const Cvv = z.string().regex(/^\d{3,4}$/, 'the security code is 3 digits (4 on American Express)')

/** A card typed by the agent. Checked as the form checks it; messages never repeat the digits. */
export const NewCardInput = z
  .object({
    number: z.string().regex(/^\d{12,19}$/, 'a card number is 12 to 19 digits'),
    expiryMonth: z.number().int().min(1, 'the expiry month is 1 to 12').max(12, 'the expiry month is 1 to 12'),
    expiryYear: z.number().int().min(2000, 'the expiry year has four digits').max(2100, 'the expiry year has four digits'),
    cvv: Cvv,
    name: z.string().trim().max(255).optional(),
  })
  .strict()
  .superRefine((card, ctx) => {
    const number = cardNumberProblem(card.number)
    if (number) ctx.addIssue({ code: 'custom', path: ['number'], message: number })
    const expiry = expiryProblem(card.expiryMonth, card.expiryYear, new Date())
    if (expiry) ctx.addIssue({ code: 'custom', path: ['expiryYear'], message: expiry })
    const cvv = cvvProblem(card.cvv, card.number)
    if (cvv) ctx.addIssue({ code: 'custom', path: ['cvv'], message: cvv })
  })
export type NewCardInput = z.infer<typeof NewCardInput>

export const MotoSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), id: SourceId, cvv: Cvv.optional() }).strict(),
  z.object({ kind: z.literal('default') }).strict(),
  z.object({ kind: z.literal('new_card'), card: NewCardInput, save: z.boolean() }).strict(),
])

const MetadataValue = z.string().max(255, 'a metadata value is at most 255 characters')
export const MotoPaymentInput = z
  .object({
    /** Made when the agent opened the form; the same request sent again (a retry, a second click) carries the same one. */
    requestId: ActionId,
    customerId: CustomerId,
    source: MotoSource,
    amount: z.number().int().positive('the amount must be above zero'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is three capital letters, like GBP'),
    reference: z.string().trim().min(1, 'a reference is needed, to find the payment later').max(50, 'a reference is at most 50 characters'),
    description: z.string().trim().max(100, 'a description is at most 100 characters').optional(),
    capture: z.boolean(),
    // Checkout.com takes 20 keys; Paydesk's own (paydesk_request) is the 20th.
    metadata: z
      .record(z.string().trim().min(1).max(100), MetadataValue)
      .refine((m) => Object.keys(m).length <= 19, 'at most 19 metadata keys (Paydesk adds one of its own)')
      .refine((m) => !Object.keys(m).some((k) => k.startsWith('paydesk_')), 'names starting with paydesk_ are Paydesk’s own')
      .default({}),
    /** Ask for 3-D Secure (rare on the phone): the cardholder gets a link to authenticate. */
    threeDs: z.boolean().default(false),
    /** The agent saw the duplicate warning and wants it anyway. */
    confirmDuplicate: z.boolean().default(false),
  })
  .strict()
  .superRefine((input, ctx) => {
    // What Checkout.com would refuse is refused here, before anything is written or sent.
    const money = moneyRuleProblem(input.amount, input.currency)
    if (money) ctx.addIssue({ code: 'custom', path: ['amount'], message: money })
    if (input.source.kind === 'new_card' && cardScheme(input.source.card.number) === 'Amex' && input.reference.length > 30) {
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'American Express allows at most 30 characters in a reference' })
    }
  })
export type MotoPaymentInput = z.infer<typeof MotoPaymentInput>

export const motoCalls = {
  /** Customers on this computer matching what the agent typed: name, email, id, phone or a card's last 4. */
  'moto.customers.search': { input: z.object({ q: z.string().trim().max(100) }).strict(), output: z.object({ rows: z.array(CustomerHit) }) },
  /** A customer Checkout.com knows by id or email, when none here matches. */
  'moto.customers.lookup': { input: z.object({ q: z.string().trim().min(3).max(255) }).strict(), output: z.object({ customer: CustomerHit.nullable() }) },
  /** The customer with their saved cards, read from Checkout.com and kept here. */
  'moto.customers.open': { input: z.object({ id: CustomerId }).strict(), output: CustomerFile },
  'moto.customers.create': {
    input: z
      .object({
        actionId: ActionId,
        email: z.string().trim().email('the email address is not valid').max(255),
        name: z.string().trim().max(255).optional(),
        phone: z.string().trim().regex(/^\+?[\d ()-]{6,25}$/, 'a phone number is digits, spaces and an optional leading +').optional(),
      })
      .strict(),
    output: CustomerFile,
  },
  'moto.cards.setDefault': { input: z.object({ customerId: CustomerId, sourceId: SourceId }).strict(), output: CustomerFile },
  'moto.cards.remove': { input: z.object({ customerId: CustomerId, sourceId: SourceId }).strict(), output: CustomerFile },
  'moto.cards.add': { input: z.object({ actionId: ActionId, customerId: CustomerId, card: NewCardInput, makeDefault: z.boolean() }).strict(), output: CustomerFile },
  'moto.payments.suggestReference': { input: Empty, output: z.object({ reference: z.string() }) },
  /** Sends a phone payment, or answers with the earlier one when it looks like a duplicate and the agent has not confirmed. */
  'moto.payments.create': {
    input: MotoPaymentInput,
    output: z.discriminatedUnion('kind', [z.object({ kind: z.literal('request'), request: PaymentRequestView }), z.object({ kind: z.literal('duplicate'), earlier: PaymentRequestView })]),
  },
  /** A request as it stands; a pending one (3-D Secure) is asked about at Checkout.com first. */
  'moto.payments.get': { input: z.object({ requestId: ActionId }).strict(), output: PaymentRequestView },
  /** Requests sent with no answer yet (a timeout, a crash): each must be settled before it is tried again. */
  'moto.payments.unresolved': { input: Empty, output: z.object({ rows: z.array(PaymentRequestView) }) },
  /** Settles an unresolved request: by its reference at Checkout.com, else the same request again with the same idempotency key. */
  'moto.payments.resolve': { input: z.object({ requestId: ActionId, ifMissing: z.enum(['ask', 'send', 'cancel']).default('ask') }).strict(), output: PaymentRequestView },
} satisfies CallTable
