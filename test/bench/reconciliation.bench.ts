import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importOrders } from '../../src-main/reconciliation/import-orders'
import { previewOrdersFile } from '../../src-main/reconciliation/orders-csv'
import { reconcileDay } from '../../src-main/reconciliation/reconcile-day'
import { openPaymentsStore } from '../../src-main/store/payments-store'
import { insertBulkPayments } from '../fixtures/bulk-payments'
import { report } from './measure'

// Reconciliation at a big shop's scale: one day of `count` payments (rows as the sync stores
// them) and the shop's file of as many orders (about 200 bytes a row, as a shop's export with
// names, addresses and items is: 20 MB for 100,000), a few hundred of them different. Times the import of the file and
// the reconciliation of the day, through the same functions as the screen.
export async function benchReconciliation(runs: number, count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-recon-bench-'))
  try {
    const store = await openPaymentsStore(join(dir, 'payments.sqlite'))
    const dayEnd = Date.parse('2026-11-26T00:00:00Z')
    insertBulkPayments(store.sqlite, count, { endAt: dayEnd, days: 1, realisticJson: true })
    // Money as the statuses say (the fixture leaves captured and refunded at 0): reconciliation compares orders with what was received.
    store.sqlite.exec(`update payments set captured_amount = amount where status in ('Captured', 'Refunded', 'Partially Refunded');
      update payments set refunded_amount = amount where status = 'Refunded'`)
    const payments = store.sqlite.prepare("select reference, amount, currency, created_at, status from payments where approved = 1 and status <> 'Voided'").all() as { reference: string; amount: number; currency: string; created_at: string; status: string }[]
    const lines = ['Order number,Placed at,Total,Currency,Customer,Shipping address,Status,Items']
    payments.forEach((p, i) => {
      // Every 500th order is off by one minor unit; every 700th has no payment.
      const amount = i % 500 === 0 ? p.amount + 1 : p.amount
      const major = p.currency === 'JPY' ? String(amount) : p.currency === 'KWD' ? (amount / 1000).toFixed(3) : (amount / 100).toFixed(2)
      lines.push(`${i % 700 === 0 ? `${p.reference}-X` : p.reference},${p.created_at},${major},${p.currency},"Customer ${i} Surname","${i} Long Street Name, Some District, City ${i % 97}, Postcode AB${i % 10} ${i % 9}CD",${p.status === 'Refunded' ? 'refunded' : 'paid'},"${i % 3 + 1} x Organic cotton T-shirt (size M, colour ${['ocean blue', 'forest green', 'sand'][i % 3]}); 1 x Gift wrap"`)
    })
    const file = join(dir, 'orders.csv')
    writeFileSync(file, lines.join('\n'))
    const mb = statSync(file).size / 1e6
    const { suggested } = await previewOrdersFile(file)
    const imports: number[] = []
    for (let run = 0; run < runs; run++) {
      // Each run imports into an empty orders table: a fresh file, not a re-import.
      store.sqlite.exec('delete from orders; delete from order_imports; delete from order_import_errors')
      const t = performance.now()
      const summary = await importOrders(store.db, { path: file, mapping: suggested, zone: 'UTC', now: () => new Date() })
      imports.push(summary.imported / ((performance.now() - t) / 1000))
    }
    report(`orders import, ${(count / 1000).toFixed(0)}k rows (${mb.toFixed(0)} MB CSV)`, imports, 'rows/s')
    const times: number[] = []
    let problems = 0
    for (let run = 0; run < runs; run++) {
      const t = performance.now()
      const day = await reconcileDay(store.db, '2026-11-25', 'UTC')
      times.push((performance.now() - t) / 1000)
      problems = day.lines.filter((l) => l.state !== 'matched' && l.state !== 'captured_not_paid_out').length
    }
    report(`reconcile a day: ${(payments.length / 1000).toFixed(0)}k orders x ${(count / 1000).toFixed(0)}k payments (${problems} differences)`, times, 's')
    await store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
