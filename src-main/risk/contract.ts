import { z } from 'zod'
import type { CallTable } from '../contract/define'

// The risk review queue: payments Checkout.com flagged (risk.flagged) and payments declined for
// risk (4xxxx codes), newest first, each to be marked legitimate, fraud or follow-up by a person.

export const RISK_VERDICTS = ['legitimate', 'fraud', 'follow_up'] as const

export const RiskReviewRecord = z.object({ payment_id: z.string(), verdict: z.enum(RISK_VERDICTS), note: z.string().nullable(), by: z.string(), at: z.string() })
export type RiskReviewRecord = z.infer<typeof RiskReviewRecord>

export const RiskQueueRow = z.object({
  id: z.string(),
  created_at: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  response_code: z.string().nullable(),
  response_summary: z.string().nullable(),
  risk_flagged: z.union([z.literal(0), z.literal(1)]),
  customer_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  /** The card's issuing country against the billing address's: a mismatch is a classic sign. */
  issuer_country: z.string().nullable(),
  billing_country: z.string().nullable(),
  avs_check: z.string().nullable(),
  cvv_check: z.string().nullable(),
  three_ds: z.string().nullable(),
  risk_score: z.number().nullable(),
  review: RiskReviewRecord.omit({ payment_id: true }).nullable(),
})
export type RiskQueueRow = z.infer<typeof RiskQueueRow>

export const riskCalls = {
  'risk.queue': {
    input: z.object({ show: z.enum(['open', 'reviewed', 'all']).default('open'), cursor: z.string().max(200).nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ rows: z.array(RiskQueueRow), next: z.string().nullable(), counts: z.object({ open: z.number().int(), reviewed: z.number().int() }) }),
  },
  /** Marks a payment reviewed; a null verdict takes the review back (the payment returns to the open queue). */
  'risk.review': {
    input: z.object({ paymentId: z.string().regex(/^pay_\w{26}$/, 'a payment id is pay_ followed by 26 letters or digits'), verdict: z.enum(RISK_VERDICTS).nullable(), note: z.string().trim().max(500).nullable() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} satisfies CallTable
