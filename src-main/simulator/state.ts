import type { PaymentStatus } from '../reference/payment-status'
import type { CardProfile } from './card-catalog'

// The simulator's whole memory. Plain data (no classes) so it persists as JSON as it is.

export interface Address {
  address_line1?: string
  address_line2?: string
  city?: string
  state?: string
  zip?: string
  country?: string
}

/** A stored card (src_): what Checkout.com keeps of a card. Never the full number or the CVV. */
export interface StoredCard {
  id: string
  fingerprint: string
  bin: string
  last4: string
  expiry_month: number
  expiry_year: number
  name?: string
  billing_address?: Address
  profile: CardProfile
  customerId?: string
}

export interface StoredToken {
  token: string
  expiresAt: number
  used: boolean
  card: Omit<StoredCard, 'id' | 'customerId'>
  /** The CVV check result worked out at tokenisation, so the CVV itself is never kept. */
  cvvCheck?: string
}

export interface StoredCustomer {
  id: string
  email: string
  name?: string
  phone?: { country_code?: string; number?: string }
  metadata?: Record<string, unknown>
  defaultInstrument?: string
  instruments: string[]
}

export type ActionType = 'Authorization' | 'Card Verification' | 'Capture' | 'Refund' | 'Void'

export interface StoredAction {
  id: string
  type: ActionType
  processed_on: string
  amount: number
  approved: boolean
  response_code: string
  response_summary: string
  auth_code?: string
  reference?: string
  metadata?: Record<string, unknown>
}

export type { PaymentStatus }

export interface StoredPayment {
  id: string
  requested_on: string
  amount: number
  currency: string
  payment_type: 'Regular' | 'Recurring' | 'MOTO' | 'Installment'
  reference?: string
  description?: string
  capture: boolean
  /** When the automatic capture is asked for (`capture_on`); without it, a short delay after the authorisation. */
  capture_on?: string
  status: PaymentStatus
  approved?: boolean
  response_code?: string
  auth_code?: string
  eci?: string
  scheme_id?: string
  sourceId?: string
  avs_check?: string
  cvv_check?: string
  customerId?: string
  risk_flagged: boolean
  threeDs?: { enrolled: 'Y' | 'N' | 'U'; downgraded: boolean; authenticated?: boolean }
  /** A new card waiting for 3-D Secure: saved on the customer if the payment is approved. */
  keepSourceOnApproval?: boolean
  metadata?: Record<string, unknown>
  processing_channel_id?: string
  /** The cardholder's IP as the request gave it (none for a phone order). */
  payment_ip?: string
  retrieval_reference_number?: string
  acquirer_transaction_id?: string
  success_url?: string
  failure_url?: string
  expires_on?: string
  /** Oldest first. The API lists them newest first. */
  actions: StoredAction[]
}

export interface IdempotencyRecord {
  status: number
  body: unknown
  at: number
}

export interface SimState {
  payments: Record<string, StoredPayment>
  /** Payment ids in the order they were requested, oldest first (for lists and reports). */
  paymentOrder: string[]
  customers: Record<string, StoredCustomer>
  sources: Record<string, StoredCard>
  tokens: Record<string, StoredToken>
  idempotency: Record<string, IdempotencyRecord>
  /** Attempts per card fingerprint and amount, for the "first attempt only" triggers. */
  attempts: Record<string, number>
  /** Authorised payments waiting for their automatic capture: payment id -> when (ms). */
  autoCaptures: Record<string, number>
  /** 'random': card fingerprints are random values (fingerprints.ts); absent in a state written before. */
  fingerprints?: 'random'
}

export function emptyState(): SimState {
  return { payments: {}, paymentOrder: [], customers: {}, sources: {}, tokens: {}, idempotency: {}, attempts: {}, autoCaptures: {}, fingerprints: 'random' }
}
