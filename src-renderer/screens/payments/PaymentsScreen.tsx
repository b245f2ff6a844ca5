import { useCallback, useEffect, useState } from 'react'
import type { z } from 'zod'
import type { PaymentsOverview } from '../../../src-main/contract'
import { SyncPanel } from '../../components/SyncPanel'
import { call } from '../../lib/api'
import { formatDateTime, formatMoney } from '../../lib/format'

export function PaymentsScreen() {
  const [overview, setOverview] = useState<z.infer<typeof PaymentsOverview> | null>(null)
  const load = useCallback(() => {
    call('payments.overview', {}).then(setOverview, () => setOverview(null))
  }, [])
  useEffect(load, [load])

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Payments</h1>
        <p className="subtitle">{overview && overview.count > 0 ? `${overview.count.toLocaleString()} payments on this computer, the newest from ${formatDateTime(overview.newest!)}.` : 'Payments appear here after the first sync.'}</p>
      </header>
      <SyncPanel onFinished={load} />
      {overview && overview.count > 0 ? (
        <div className="totals" aria-label="Approved volume by currency">
          {overview.grossByCurrency.map((g) => (
            <div key={g.currency} className="total card">
              <span className="total-label">{g.currency}</span>
              <span className="total-amount">{formatMoney(g.amount, g.currency)}</span>
              <span className="total-count">{g.count.toLocaleString()} payments</span>
            </div>
          ))}
        </div>
      ) : (
        <div className="empty-state" role="status">
          <div className="empty-icon" aria-hidden="true" />
          <p>Every payment on this computer, fast to search and filter, with the full detail and capture, void and refund. Press Sync now to fetch them from Checkout.com.</p>
        </div>
      )}
    </section>
  )
}
