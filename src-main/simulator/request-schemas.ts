import { z } from 'zod'
import { isKnownCurrency, MAX_REQUEST_MINOR } from '../reference/amount-input'
import { minorUnitExponent } from '../reference/minor-units'

// What each endpoint accepts, written from the spec's request schemas. Top-level fields the
// spec does not define are refused (a typo such as `ammount` must not pass silently); nested
// objects the spec leaves open stay open.

const Currency = z.string().refine(isKnownCurrency, 'not an ISO 4217 currency code')
// At most 9 digits in minor units (API-NOTES section 1); above that amount_invalid.
const Amount = z.number().int().min(0).max(MAX_REQUEST_MINOR)
const Metadata = z.record(z.string().max(100), z.union([z.string().max(255), z.number(), z.boolean(), z.null()]))
const Reference = z.string().max(50)

export const AddressSchema = z.looseObject({
  address_line1: z.string().max(200).optional(),
  address_line2: z.string().max(200).optional(),
  city: z.string().max(50).optional(),
  state: z.string().max(50).optional(),
  zip: z.string().max(50).optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
})
const Phone = z.looseObject({ country_code: z.string().max(7).optional(), number: z.string().max(25).optional() })

const CardFields = {
  number: z.string().regex(/^\d{12,19}$/),
  expiry_month: z.number().int().min(1).max(12),
  expiry_year: z.number().int().min(1000).max(9999),
  cvv: z.string().regex(/^\d{3,4}$/).optional(),
  name: z.string().max(255).optional(),
  billing_address: AddressSchema.optional(),
  phone: Phone.optional(),
}

export const PaymentSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('token'), token: z.string().regex(/^tok_\w{26}$/), billing_address: AddressSchema.optional(), phone: Phone.optional(), store_for_future_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('id'), id: z.string().regex(/^src_\w{26}$/), cvv: z.string().regex(/^\d{3,4}$/).optional() }),
  z.looseObject({ type: z.literal('customer'), id: z.string().regex(/^cus_\w{26}$/) }),
  z.looseObject({ type: z.literal('card'), ...CardFields, stored: z.boolean().optional() }),
])

const CustomerRef = z.looseObject({
  id: z.string().regex(/^cus_\w{26}$/).optional(),
  email: z.string().email().max(255).optional(),
  name: z.string().max(255).optional(),
})

export const PaymentRequest = z.strictObject({
  source: PaymentSource,
  amount: Amount.optional(),
  currency: Currency,
  payment_type: z.enum(['Regular', 'Recurring', 'MOTO', 'Installment', 'Unscheduled']).optional(),
  merchant_initiated: z.boolean().optional(),
  reference: Reference.optional(),
  description: z.string().max(100).optional(),
  authorization_type: z.enum(['Final', 'Estimated']).optional(),
  capture: z.boolean().optional(),
  capture_on: z.string().datetime({ offset: true }).optional(),
  customer: CustomerRef.optional(),
  billing_descriptor: z.looseObject({ name: z.string().max(25), city: z.string().min(1).max(13), reference: z.string().max(50).optional() }).optional(),
  shipping: z.looseObject({}).optional(),
  '3ds': z.looseObject({ enabled: z.boolean().optional(), attempt_n3d: z.boolean().optional(), eci: z.string().regex(/^\d{2}$/).optional(), cryptogram: z.string().max(50).optional(), xid: z.string().optional(), version: z.string().optional() }).optional(),
  processing_channel_id: z.string().regex(/^pc_\w{26}$/).optional(),
  previous_payment_id: z.string().max(100).optional(),
  risk: z.looseObject({ enabled: z.boolean().optional() }).optional(),
  success_url: z.string().url().max(255).optional(),
  failure_url: z.string().url().max(255).optional(),
  payment_ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  sender: z.looseObject({}).optional(),
  recipient: z.looseObject({}).optional(),
  marketplace: z.looseObject({}).optional(),
  processing: z.looseObject({}).optional(),
  metadata: Metadata.optional(),
}).superRefine((request, ctx) => {
  // Three-decimal currencies are taken to two decimals: the last digit must be 0.
  if (request.amount !== undefined && !threeDecimalAmountOk(request.amount, request.currency)) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'the last digit must be 0' })
})
export type PaymentRequest = z.infer<typeof PaymentRequest>

/** A BHD, KWD, OMR... amount ends in 0: Checkout.com takes these currencies to two decimals. */
export const threeDecimalAmountOk = (amount: number, currency: string) => minorUnitExponent(currency) !== 3 || amount % 10 === 0

export const ActionRequest = z.strictObject({
  amount: z.number().int().min(1).max(MAX_REQUEST_MINOR).optional(),
  reference: Reference.optional(),
  metadata: Metadata.optional(),
  capture_type: z.enum(['NonFinal', 'Final']).optional(),
})
export const VoidRequest = z.strictObject({ reference: Reference.optional(), metadata: Metadata.optional() })

export const TokenRequest = z.strictObject({ type: z.literal('card'), ...CardFields })

export const CustomerRequest = z.strictObject({
  email: z.string().email().max(255),
  name: z.string().max(255).optional(),
  phone: Phone.optional(),
  metadata: Metadata.optional(),
})
export const CustomerUpdate = CustomerRequest.partial().extend({ default: z.string().regex(/^src_\w{26}$/).optional() })

export const InstrumentRequest = z.strictObject({
  type: z.literal('token'),
  token: z.string().regex(/^tok_\w{26}$/),
  account_holder: z.looseObject({ billing_address: AddressSchema.optional() }).optional(),
  customer: z.looseObject({ id: z.string().regex(/^cus_\w{26}$/).optional(), email: z.string().email().optional(), name: z.string().optional(), default: z.boolean().optional() }).optional(),
})

/** PATCH /instruments/{id}: a card's expiry, name, billing address or default flag. */
export const InstrumentUpdate = z.strictObject({
  type: z.literal('card').optional(),
  expiry_month: z.number().int().min(1).max(12).optional(),
  expiry_year: z.number().int().min(2000).max(2100).optional(),
  name: z.string().max(255).optional(),
  account_holder: z.looseObject({ billing_address: AddressSchema.optional() }).optional(),
  customer: z.looseObject({ id: z.string().regex(/^cus_\w{26}$/).optional(), default: z.boolean().optional() }).optional(),
})

// Error codes name the field and the problem in snake_case, as the API's do.
const FIELD_NAMES: Record<string, string> = {
  'source.number': 'card_number',
  'source.expiry_month': 'card_expiry_month',
  'source.expiry_year': 'card_expiry_year',
  'source.token': 'token',
  'source.id': 'source_id',
  'source.type': 'source_type',
  'source.cvv': 'cvv',
  number: 'card_number',
  expiry_month: 'card_expiry_month',
  expiry_year: 'card_expiry_year',
  '3ds.enabled': 'three_ds_enabled',
}

export function errorCodesOf(error: z.ZodError): string[] {
  const codes = new Set<string>()
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) codes.add(`${[...issue.path, key].join('_')}_not_allowed`)
      continue
    }
    const dotted = issue.path.join('.')
    if (dotted === 'source' && issue.code === 'invalid_type') {
      codes.add('payment_source_required')
      continue
    }
    const field = FIELD_NAMES[dotted] ?? issue.path.join('_').replace(/[^a-z0-9_]/gi, '_')
    const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined')
    codes.add(`${field || 'request'}_${missing ? 'required' : 'invalid'}`)
  }
  return [...codes]
}
