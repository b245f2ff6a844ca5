import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPaymentDetail } from '../../../src-main/payments/payment-detail'
import { openPaymentsStore } from '../../../src-main/store/payments-store'

const dir = mkdtempSync(join(tmpdir(), 'paydesk-detail-'))
let store: Awaited<ReturnType<typeof openPaymentsStore>>
beforeAll(async () => (store = await openPaymentsStore(join(dir, 'payments.sqlite'))))
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const at = '2026-11-20T10:00:00Z'
const action = (id: string, type: string, processed_at: string) => ({ id, payment_id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', type, amount: 100, approved: 1 as const, response_code: '10000', response_summary: 'Approved', processed_at, reference: null, raw_json: '{}', fetched_at: at })

describe('the payment detail', () => {
  it('orders the timeline by time, then by lifecycle within one second, and the local log oldest first', async () => {
    store.writer.transaction(() => {
      store.writer.upsertPayment({ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', created_at: at, processed_at: at, amount: 100, currency: 'GBP', status: 'Refunded', approved: 1, response_code: '10000', response_summary: 'Approved', scheme: null, card_type: null, bin: null, last4: null, issuer_country: null, avs_check: null, cvv_check: null, risk_flagged: 0, reference: null, customer_id: null, customer_email: null, source_id: null, payment_type: null, auth_code: null, customer_name: null, card_expiry_month: null, card_expiry_year: null, card_fingerprint: null, billing_country: null, three_ds: 0, captured_amount: 100, refunded_amount: 100, raw_json: '{}', fetched_at: at })
      // Ids that sort against the lifecycle, all in the same second but the refund.
      store.writer.upsertAction(action('act_a', 'Capture', at))
      store.writer.upsertAction(action('act_b', 'Authorization', at))
      store.writer.upsertAction(action('act_0', 'Refund', '2026-11-20T10:05:00Z'))
    })
    for (const [i, requested_at] of ['2026-11-20T10:06:00Z', '2026-11-20T10:05:30Z'].entries()) {
      await store.db.insertInto('payment_action_log').values({ payment_id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', kind: 'refund', amount: 100, currency: 'GBP', reference: null, requested_at, requested_by: 'test', idempotency_key: `k${i}`, request_id: null, outcome: 'accepted', action_id: null, error: null, confirm_resend: 0 }).execute()
    }
    const detail = await loadPaymentDetail(store.db, 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa')
    expect(detail.actions.map((a) => a.type)).toEqual(['Authorization', 'Capture', 'Refund'])
    expect(detail.log.map((l) => l.requested_at)).toEqual(['2026-11-20T10:05:30Z', '2026-11-20T10:06:00Z'])
  })
})
