import { z } from 'zod'
import { PAYMENT_STATUSES } from '../reference/payment-status'

// Response bodies as the official spec (NAS bundle; reporting from the ABC bundle) defines
// them. Objects are loose: fields the spec adds later are kept, and a missing required field
// is an error that names it.

const Link = z.looseObject({ href: z.string() })
const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO 8601 date-time')
const PaymentId = z.string().regex(/^(pay|sid)_\w{26}$/)
const ActionId = z.string().regex(/^act_\w{26}$/)
const Money = z.number().int()

export const Address = z.looseObject({
  address_line1: z.string().optional(),
  address_line2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
  country: z.string().optional(),
})

export const CardSource = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  billing_address: Address.optional(),
  expiry_month: z.number().int().optional(),
  expiry_year: z.number().int().optional(),
  name: z.string().optional(),
  scheme: z.string().optional(),
  last4: z.string().optional(),
  fingerprint: z.string().optional(),
  bin: z.string().optional(),
  card_type: z.string().optional(),
  card_category: z.string().optional(),
  issuer: z.string().optional(),
  issuer_country: z.string().optional(),
  product_id: z.string().optional(),
  product_type: z.string().optional(),
  avs_check: z.string().optional(),
  cvv_check: z.string().optional(),
})

const CustomerRef = z.looseObject({ id: z.string(), email: z.string().optional(), name: z.string().optional() })

export const Balances = z.looseObject({
  total_authorized: Money.optional(),
  total_voided: Money.optional(),
  available_to_void: Money.optional(),
  total_captured: Money.optional(),
  available_to_capture: Money.optional(),
  total_refunded: Money.optional(),
  available_to_refund: Money.optional(),
})

export const PaymentStatus = z.enum(PAYMENT_STATUSES)

const PaymentLinks = z.looseObject({ self: Link, actions: Link.optional(), capture: Link.optional(), void: Link.optional(), refund: Link.optional(), redirect: Link.optional() })
const ThreeDs = z.looseObject({ downgraded: z.boolean().optional(), enrolled: z.string().optional() })

/** 201 to POST /payments. */
export const PaymentProcessed = z.looseObject({
  id: PaymentId,
  action_id: ActionId,
  amount: Money,
  currency: z.string().length(3),
  approved: z.boolean(),
  status: PaymentStatus,
  auth_code: z.string().optional(),
  response_code: z.string(),
  response_summary: z.string().optional(),
  expires_on: z.string().optional(),
  '3ds': ThreeDs.optional(),
  risk: z.looseObject({ flagged: z.boolean().optional() }).optional(),
  source: CardSource.optional(),
  customer: CustomerRef.optional(),
  balances: Balances.optional(),
  processed_on: Timestamp,
  reference: z.string().optional(),
  eci: z.string().optional(),
  scheme_id: z.string().optional(),
  _links: PaymentLinks,
})

/** 202 to POST /payments: waiting for the cardholder. */
export const PaymentPending = z.looseObject({
  id: PaymentId,
  status: z.literal('Pending'),
  reference: z.string().optional(),
  customer: CustomerRef.optional(),
  '3ds': ThreeDs.optional(),
  _links: z.looseObject({ self: Link, redirect: Link.optional() }),
})

/** 200 to GET /payments/{id}. */
export const PaymentDetails = z.looseObject({
  id: PaymentId,
  requested_on: Timestamp,
  source: CardSource.optional(),
  amount: Money,
  currency: z.string().length(3),
  payment_type: z.string().optional(),
  reference: z.string().optional(),
  description: z.string().optional(),
  approved: z.boolean(),
  expires_on: z.string().optional(),
  status: PaymentStatus,
  balances: Balances.optional(),
  '3ds': ThreeDs.optional(),
  risk: z.looseObject({ flagged: z.boolean().optional() }).optional(),
  customer: CustomerRef.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  eci: z.string().optional(),
  scheme_id: z.string().optional(),
  actions: z.array(z.looseObject({ id: ActionId, type: z.string(), response_code: z.string(), response_summary: z.string().optional() })).optional(),
  _links: PaymentLinks,
})
export type PaymentDetails = z.infer<typeof PaymentDetails>

/** An item of POST /payments/search: the payment as GET /payments/{id} shows it, every action summarised. */
export const SearchedPayment = PaymentDetails.extend({
  actions: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.string(),
        processed_on: Timestamp.optional(),
        /** 'Approved', 'Declined' or 'Pending' (an action still in flight has no response code yet). */
        status: z.string().optional(),
        amount: Money.optional(),
        auth_code: z.string().optional(),
        response_code: z.string().optional(),
        response_summary: z.string().optional(),
        reference: z.string().optional(),
      }),
    )
    .optional(),
})
export type SearchedPayment = z.infer<typeof SearchedPayment>

export const SearchPage = z.looseObject({ data: z.array(SearchedPayment), _links: z.looseObject({ next: Link.optional(), self: Link.optional() }).optional() })
export type SearchPage = z.infer<typeof SearchPage>

export const PaymentList = z.looseObject({ limit: z.number().int(), skip: z.number().int(), total_count: z.number().int(), data: z.array(PaymentDetails) })

export const PaymentAction = z.looseObject({
  id: ActionId,
  type: z.enum(['Authorization', 'Card Verification', 'Void', 'Capture', 'Refund', 'Payout', 'Return']),
  processed_on: Timestamp,
  amount: Money,
  approved: z.boolean().optional(),
  auth_code: z.string().optional(),
  response_code: z.string(),
  response_summary: z.string().optional(),
  reference: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** The scheme's references for a capture or refund: what a cardholder's bank quotes in a dispute. */
  processing: z.looseObject({ acquirer_reference_number: z.string().optional(), retrieval_reference_number: z.string().optional(), acquirer_transaction_id: z.string().optional() }).optional(),
})
export type PaymentAction = z.infer<typeof PaymentAction>
export const PaymentActions = z.array(PaymentAction)

/** 202 to a capture, refund or void. */
export const ActionAccepted = z.looseObject({ action_id: ActionId, reference: z.string().optional(), _links: z.looseObject({ payment: Link }).optional() })

export const CardToken = z.looseObject({
  type: z.string(),
  token: z.string().regex(/^tok_\w{26}$/),
  expires_on: Timestamp,
  expiry_month: z.number().int(),
  expiry_year: z.number().int(),
  last4: z.string(),
  bin: z.string(),
  scheme: z.string().optional(),
})

export const Instrument = CardSource.extend({ id: z.string().regex(/^src_\w{26}$/), fingerprint: z.string(), customer: z.looseObject({ id: z.string(), default: z.boolean().optional() }).optional() })
export type Instrument = z.infer<typeof Instrument>

export const Customer = z.looseObject({
  id: z.string().regex(/^cus_\w{26}$/),
  email: z.string(),
  name: z.string().optional(),
  default: z.string().optional(),
  instruments: z.array(Instrument).optional(),
})
export type Customer = z.infer<typeof Customer>
export const CustomerCreated = z.looseObject({ id: z.string().regex(/^cus_\w{26}$/) })

// Reporting amounts are decimal strings in major units; they are turned into minor units
// by parsing the digits (checkout/decimal-amount.ts), never through a float.
export const ReportBreakdown = z.looseObject({ type: z.string(), date: Timestamp.optional(), processing_currency_amount: z.string(), payout_currency_amount: z.string().optional() })
export const ReportAction = z.looseObject({
  type: z.string(),
  id: z.string(),
  processed_on: Timestamp,
  response_code: z.union([z.number(), z.string()]).optional(),
  response_description: z.string().optional(),
  breakdown: z.array(ReportBreakdown).default([]),
})
export const ReportPayment = z.looseObject({
  id: PaymentId,
  processing_currency: z.string().length(3),
  payout_currency: z.string().optional(),
  requested_on: Timestamp,
  reference: z.string().optional(),
  payment_method: z.string().optional(),
  card_type: z.string().optional(),
  issuer_country: z.string().optional(),
  actions: z.array(ReportAction).default([]),
})
export type ReportPayment = z.infer<typeof ReportPayment>
export const ReportPage = z.looseObject({
  count: z.number().int(),
  data: z.array(ReportPayment),
  _links: z.looseObject({ next: Link.optional(), self: Link.optional() }).optional(),
})
export type ReportPage = z.infer<typeof ReportPage>

export const Statements = z.looseObject({
  count: z.number().int(),
  data: z.array(
    z.looseObject({
      id: z.string(),
      period_start: Timestamp,
      period_end: Timestamp,
      date: Timestamp.optional(),
      payouts: z.array(z.looseObject({ currency: z.string().length(3), net_amount: z.string(), current_period_amount: z.string().optional(), carried_forward_amount: z.string().optional(), status: z.string().optional(), id: z.string().optional() })),
    }),
  ),
})
export type Statements = z.infer<typeof Statements>

export const ValidationErrorBody = z.looseObject({ request_id: z.string().optional(), error_type: z.string().optional(), error_codes: z.array(z.string()).optional() })

// The Reports API (current platform): scheduled report files, listed and downloaded.
export const Report = z.looseObject({
  id: z.string().regex(/^rpt_\w{26}$/),
  created_on: Timestamp,
  type: z.string(),
  tags: z.array(z.string()).default([]),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  files: z.array(z.looseObject({ id: z.string().regex(/^file_\w{26}$/), filename: z.string().optional(), format: z.string().optional() })).default([]),
})
export type Report = z.infer<typeof Report>
export const ReportList = z.looseObject({
  count: z.number().int(),
  data: z.array(Report),
  _links: z.looseObject({ next: Link.optional(), self: Link.optional() }).optional(),
})

// Financial actions: amounts are JSON numbers in major units, up to 8 decimals, fees negative.
export const FinancialAction = z.looseObject({
  payment_id: PaymentId,
  action_id: ActionId,
  action_type: z.string(),
  processed_on: Timestamp,
  requested_on: Timestamp.optional(),
  reference: z.string().optional(),
  breakdown: z
    .array(
      z.looseObject({
        breakdown_type: z.string(),
        fee_detail: z.string().optional(),
        fx_rate_applied: z.number().optional(),
        holding_currency: z.string().length(3),
        holding_currency_amount: z.number(),
        processing_currency: z.string().length(3),
        processing_currency_amount: z.number(),
      }),
    )
    .default([]),
})
export type FinancialAction = z.infer<typeof FinancialAction>
export const FinancialActionList = z.looseObject({
  count: z.number().int(),
  data: z.array(FinancialAction),
  _links: z.looseObject({ next: Link.optional(), self: Link.optional() }).optional(),
})
