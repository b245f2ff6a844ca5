import { z } from 'zod'
import { RESPONSE_CATEGORIES } from '../reference/codes'
import { PAYMENT_STATUSES } from '../reference/payment-status'

// The payments list's filters, sort and page cursor: what the renderer keeps in the URL and
// sends with every list, totals and export call. Pure zod: the contract reuses it.

const Codes = z.array(z.string().trim().min(1).max(40)).max(50)
// Instants are compared as instants, and only sane ones are accepted: a year such as +275760
// would sort before "2026-…" as text and match every row.
const EARLIEST = Date.UTC(2000, 0, 1)
const LATEST = Date.UTC(2100, 0, 1)
const IsoInstant = z
  .string()
  .max(40)
  .refine((s) => {
    const t = Date.parse(s)
    return !Number.isNaN(t) && t >= EARLIEST && t < LATEST
  }, 'must be an ISO 8601 date-time between 2000 and 2100')

export const PaymentFilter = z
  .object({
    /** Requested (created) at or after `from`, before `to`. */
    from: IsoInstant.optional(),
    to: IsoInstant.optional(),
    status: z.array(z.enum(PAYMENT_STATUSES)).max(PAYMENT_STATUSES.length).optional(),
    /** 'attempted': approved or declined, the approval charts' attempts (a 3-D Secure never finished is pending). */
    outcome: z.enum(['approved', 'declined', 'pending', 'attempted']).optional(),
    currency: z.array(z.string().regex(/^[A-Z]{3}$/, 'a currency is 3 capital letters')).max(50).optional(),
    scheme: Codes.optional(),
    responseCode: Codes.optional(),
    avs: Codes.optional(),
    cvv: Codes.optional(),
    flagged: z.boolean().optional(),
    paymentType: Codes.optional(),
    /** Response code categories (reference/codes.ts): a decline's kind. */
    category: z.array(z.enum(RESPONSE_CATEGORIES)).max(RESPONSE_CATEGORIES.length).optional(),
    cardType: Codes.optional(),
    issuerCountry: z.array(z.string().regex(/^[A-Z]{2}$/, 'a country is 2 capital letters')).max(50).optional(),
    /** The card's first six digits. */
    bin: z.array(z.string().regex(/^\d{6}$/, 'a BIN is 6 digits')).max(50).optional(),
    /** 3-D Secure asked for (true) or not. */
    threeDs: z.boolean().optional(),
    /** Minor units of the one currency filtered on, inclusive (an amount means nothing across currencies). */
    amountMin: z.number().int().min(0).optional(),
    amountMax: z.number().int().min(0).optional(),
    /** Prefix search over id, reference, customer id and email, last4 and auth code. */
    q: z.string().trim().max(100).optional(),
    /** The locale the search was typed in: how an amount in it is read ("59,18" in de-DE is 59.18). */
    locale: z
      .string()
      .max(35)
      .refine((tag) => {
        try {
          return Intl.getCanonicalLocales(tag).length === 1
        } catch {
          return false
        }
      }, 'must be a BCP 47 language tag, like de-DE')
      .optional(),
  })
  .strict()
  .refine((f) => f.amountMin === undefined || f.amountMax === undefined || f.amountMin <= f.amountMax, { message: 'the minimum amount is above the maximum', path: ['amountMin'] })
  // 1000 is 10.00 GBP, 1,000 JPY and 1.000 KWD: compared across currencies it matches nonsense.
  .refine((f) => (f.amountMin === undefined && f.amountMax === undefined) || f.currency?.length === 1, { message: 'an amount filter needs exactly one currency, as amounts are in its minor units', path: ['currency'] })
  .refine((f) => f.from === undefined || f.to === undefined || Date.parse(f.from) < Date.parse(f.to), { message: 'the start date is not before the end date', path: ['from'] })
export type PaymentFilter = z.infer<typeof PaymentFilter>

export const PaymentSort = z.object({ by: z.enum(['date', 'amount']).default('date'), dir: z.enum(['desc', 'asc']).default('desc') }).strict()
export type PaymentSort = z.infer<typeof PaymentSort>
