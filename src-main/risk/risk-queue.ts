import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import { AppError } from '../contract/errors'
import { operatorName } from '../reference/operator'
import type { PaymentsDatabase } from '../store/payments-database'
import type { RiskQueueRow, RiskReviewRecord } from './contract'

// The queue reads two indexed sets (flagged payments; risk declines, 4xxxx codes) newest first,
// a page at a time by (created_at, id), with the review beside each. The few fields that live
// only in the stored answer (3-D Secure, risk score) are read in JS for the page.

type Eb = ExpressionBuilder<PaymentsDatabase & { p: PaymentsDatabase['payments'] }, 'p'>

/** Flagged by Checkout.com's risk checks, or declined for risk (a 4xxxx response code). */
const inQueue = (eb: Eb) => eb.or([eb('p.risk_flagged', '=', 1), eb.and([eb('p.response_code', '>=', '40000'), eb('p.response_code', '<', '50000')])])

const encode = (created: string, id: string) => Buffer.from(JSON.stringify([created, id])).toString('base64url')
function decode(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]]
  } catch {
    // not ours
  }
  throw new AppError('invalid_input', 'The page cursor is not one Paydesk made; start from the first page.')
}

export async function riskQueue(db: Kysely<PaymentsDatabase>, input: { show: 'open' | 'reviewed' | 'all'; cursor: string | null; limit: number }) {
  let query = db
    .selectFrom('payments as p')
    .leftJoin('risk_reviews as r', 'r.payment_id', 'p.id')
    .select(['p.id', 'p.created_at', 'p.amount', 'p.currency', 'p.status', 'p.response_code', 'p.response_summary', 'p.risk_flagged', 'p.customer_email', 'p.customer_name', 'p.issuer_country', 'p.billing_country', 'p.avs_check', 'p.cvv_check', 'p.raw_json', 'r.verdict', 'r.note', 'r.by', 'r.at'])
    .where((eb) => inQueue(eb as unknown as Eb))
  if (input.show === 'open') query = query.where('r.payment_id', 'is', null)
  if (input.show === 'reviewed') query = query.where('r.payment_id', 'is not', null)
  if (input.cursor) {
    const [created, id] = decode(input.cursor)
    query = query.where(sql<boolean>`(p.created_at, p.id) < (${created}, ${id})`)
  }
  const found = await query.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(input.limit + 1).execute()
  const more = found.length > input.limit
  const page = more ? found.slice(0, input.limit) : found
  const counts = await db
    .selectFrom('payments as p')
    .leftJoin('risk_reviews as r', 'r.payment_id', 'p.id')
    .select([sql<number>`sum(case when r.payment_id is null then 1 else 0 end)`.as('open'), sql<number>`sum(case when r.payment_id is null then 0 else 1 end)`.as('reviewed')])
    .where((eb) => inQueue(eb as unknown as Eb))
    .executeTakeFirstOrThrow()
  const rows: RiskQueueRow[] = page.map(({ raw_json, verdict, note, by, at, ...row }) => {
    const raw = JSON.parse(raw_json) as { '3ds'?: { authentication_response?: string; enrolled?: string; downgraded?: boolean }; risk?: { score?: number } }
    const threeDs = raw['3ds']
    return {
      ...row,
      three_ds: threeDs ? (threeDs.authentication_response ? `result ${threeDs.authentication_response}` : threeDs.downgraded ? 'downgraded' : `enrolled ${threeDs.enrolled ?? '?'}`) : null,
      risk_score: typeof raw.risk?.score === 'number' ? raw.risk.score : null,
      review: verdict ? { verdict, note, by: by!, at: at! } : null,
    }
  })
  const last = page.at(-1)
  return { rows, next: more && last ? encode(last.created_at, last.id) : null, counts: { open: Number(counts.open ?? 0), reviewed: Number(counts.reviewed ?? 0) } }
}

export async function reviewPayment(db: Kysely<PaymentsDatabase>, input: { paymentId: string; verdict: RiskReviewRecord['verdict'] | null; note: string | null }, now: Date) {
  const payment = await db.selectFrom('payments').select('id').where('id', '=', input.paymentId).executeTakeFirst()
  if (!payment) throw new AppError('not_found', `There is no payment ${input.paymentId} on this computer.`)
  if (input.verdict === null) await db.deleteFrom('risk_reviews').where('payment_id', '=', input.paymentId).execute()
  else {
    const row = { payment_id: input.paymentId, verdict: input.verdict, note: input.note || null, by: operatorName(), at: now.toISOString() }
    await db.insertInto('risk_reviews').values(row).onConflict((oc) => oc.column('payment_id').doUpdateSet({ verdict: row.verdict, note: row.note, by: row.by, at: row.at })).execute()
  }
  return { ok: true as const }
}
