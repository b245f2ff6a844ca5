import type { ReactNode } from 'react'
import type { PaymentListRow } from '../../../src-main/contract'
import { formatDateTime, formatMoney } from '../../lib/format'
import { StatusBadge } from '../../components/StatusBadge'

export interface Column {
  key: string
  label: string
  width: number
  align?: 'right'
  render(row: PaymentListRow): ReactNode
}

export const COLUMNS: Column[] = [
  { key: 'date', label: 'Date', width: 170, render: (r) => formatDateTime(r.created_at) },
  { key: 'reference', label: 'Reference', width: 160, render: (r) => r.reference ?? '—' },
  { key: 'amount', label: 'Amount', width: 130, align: 'right', render: (r) => <span className="num">{formatMoney(r.amount, r.currency)}</span> },
  { key: 'status', label: 'Status', width: 150, render: (r) => <StatusBadge status={r.status} /> },
  { key: 'approved', label: 'Approved', width: 90, render: (r) => (r.approved === null ? '—' : r.approved ? 'Yes' : 'No') },
  { key: 'response', label: 'Response', width: 240, render: (r) => (r.response_code ? <span title={r.response_summary ?? ''}><code>{r.response_code}</code> {r.response_summary}</span> : '—') },
  { key: 'card', label: 'Card', width: 150, render: (r) => (r.scheme ? `${r.scheme} ·${r.last4 ?? ''}` : '—') },
  { key: 'customer', label: 'Customer', width: 220, render: (r) => r.customer_email ?? r.customer_id ?? '—' },
  { key: 'avs', label: 'AVS', width: 56, render: (r) => r.avs_check ?? '—' },
  { key: 'cvv', label: 'CVV', width: 56, render: (r) => r.cvv_check ?? '—' },
  { key: 'risk', label: 'Risk', width: 70, render: (r) => (r.risk_flagged ? <span className="flag">Flagged</span> : '') },
  { key: 'type', label: 'Type', width: 96, render: (r) => r.payment_type ?? '—' },
]

const STORAGE_KEY = 'paydesk.payments.columns.v1'

export interface ColumnLayout {
  order: string[]
  hidden: string[]
}

export const DEFAULT_LAYOUT: ColumnLayout = { order: COLUMNS.map((c) => c.key), hidden: ['approved', 'type'] }

export function loadLayout(): ColumnLayout {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as ColumnLayout | null
    if (saved && Array.isArray(saved.order) && Array.isArray(saved.hidden)) {
      // Columns added in a later version go at the end.
      const known = saved.order.filter((k) => COLUMNS.some((c) => c.key === k))
      return { order: [...known, ...COLUMNS.map((c) => c.key).filter((k) => !known.includes(k))], hidden: saved.hidden }
    }
  } catch {
    // fall back to the default
  }
  return DEFAULT_LAYOUT
}

export function saveLayout(layout: ColumnLayout): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(layout))
}

export function visibleColumns(layout: ColumnLayout): Column[] {
  return layout.order.map((k) => COLUMNS.find((c) => c.key === k)!).filter((c) => c && !layout.hidden.includes(c.key))
}
