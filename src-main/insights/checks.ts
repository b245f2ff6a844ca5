import type { Kysely } from 'kysely'
import { readCells } from '../store/cell-query'
import type { PaymentsDatabase } from '../store/payments-database'
import type { CheckCell, Period } from './contract'
import { byCodePoint } from './code-point-order'
import { resolvePeriod } from './period'

// What the AVS and CVV checks said, per AVS result x CVV result x scheme, with outcomes: the
// screen builds the matrix, the approval rates and the mismatch share from these counts.
export async function checkCells(db: Kysely<PaymentsDatabase>, period: Period): Promise<{ period: ReturnType<typeof resolvePeriod>['resolved']; cells: CheckCell[] }> {
  const { now, resolved } = resolvePeriod(period)
  const rows = (await readCells(db, { by: ['avs', 'cvv', 'scheme', 'outcome'], ...now }))!
  const cells = new Map<string, CheckCell>()
  for (const row of rows) {
    const key = `${row.avs}\u0000${row.cvv}\u0000${row.scheme}`
    const cell = cells.get(key) ?? { avs: row.avs, cvv: row.cvv, scheme: row.scheme, approved: 0, declined: 0, pending: 0 }
    cell[row.outcome as 'approved' | 'declined' | 'pending'] += row.count
    cells.set(key, cell)
  }
  return { period: resolved, cells: [...cells.values()].sort((a, b) => byCodePoint(`${a.avs}|${a.cvv}|${a.scheme}`, `${b.avs}|${b.cvv}|${b.scheme}`)) }
}
