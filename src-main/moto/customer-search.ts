import { sql, type Kysely } from 'kysely'
import type { PaymentsDatabase } from '../store/payments-database'
import type { CustomerHit } from './contract'

// The agent's one search box: every customer this computer knows, from the payments (customers,
// instruments) and from Checkout.com (customer_profiles, customer_cards), by name, email, id,
// phone or a card's last 4. A few thousand customers scan in a millisecond or two; no index is
// worth its upkeep for a search that matches inside the text.

const LIMIT = 20

/** LIKE's own characters, taken literally. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export async function searchCustomers(db: Kysely<PaymentsDatabase>, q: string): Promise<CustomerHit[]> {
  const text = q.trim()
  if (text.length < 2) return []
  const like = likeText(text)
  const digits = text.replace(/[\s()+-]/g, '')
  const last4 = /^\d{4}$/.test(text) ? text : null
  const phoneLike = /^\d{5,}$/.test(digits) ? likeText(digits) : null
  const id = /^cus_\w{26}$/.test(text) ? text : null
  const { rows } = await sql<{ id: string; email: string | null; name: string | null; phone: string | null; last_payment_at: string | null; last4s: string | null }>`
    with hits(id) as (
      select id from customers where ${id ? sql`id = ${id}` : sql`email like ${like} escape '\\' or name like ${like} escape '\\'`}
      union select id from customer_profiles where ${id ? sql`id = ${id}` : sql`email like ${like} escape '\\' or name like ${like} escape '\\'${phoneLike ? sql` or phone_digits like ${phoneLike} escape '\\'` : sql``}`}
      ${last4 ? sql`union select customer_id from instruments where last4 = ${last4} and customer_id is not null union select customer_id from customer_cards where last4 = ${last4}` : sql``}
    )
    select h.id, coalesce(cp.email, c.email) as email, coalesce(cp.name, c.name) as name, cp.phone, c.last_payment_at,
      (select group_concat(last4) from (select last4 from customer_cards where customer_id = h.id union select last4 from instruments where customer_id = h.id and h.id not in (select id from customer_profiles))) as last4s
    from hits h left join customers c on c.id = h.id left join customer_profiles cp on cp.id = h.id
    order by c.last_payment_at is null, c.last_payment_at desc, h.id
    limit ${LIMIT}`.execute(db)
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, phone: r.phone, lastPaymentAt: r.last_payment_at, last4s: r.last4s ? [...new Set(r.last4s.split(','))].sort() : [] }))
}
