import type { ReactNode } from 'react'
import type { PaymentListColumn, PaymentListRow, PaymentSort } from '../../../src-main/contract'
import { StatusBadge } from '../../components/StatusBadge'
import { formatDateTime, formatMoney } from '../../lib/format'
import { fitLayout, type ColumnLayout } from './column-layout'

export interface Column {
  key: PaymentListColumn
  label: string
  width: number
  align?: 'right'
  /** The sort this column's header sets, if it can sort. */
  sort?: PaymentSort['by']
  /** The header when it depends on the time zone the dates are shown in. */
  heading?(zone: string): string
  render(row: PaymentListRow, zone: string): ReactNode
}

type ColumnView = Omit<Column, 'key'>

/** Text that may not fit its column: cut with an ellipsis, whole in the tooltip. */
function Clip({ text }: { text: string }) {
  return (
    <span className="clip" title={text}>
      {text}
    </span>
  )
}

// One entry per column of the list's row (PaymentListRow), in the table's default order: a
// column of its own, or null when another column shows it (the currency is in the amount, the
// summary beside its code). A new list column fails to compile here until it is given a place.
// (Keys, not the schema's runtime list, so the screen does not load zod.)
const VIEWS: Record<PaymentListColumn, ColumnView | null> = {
  // The zone's city keeps the header short ("Date (New York)"); Settings names the whole zone.
  created_at: { label: 'Date', heading: (zone) => `Date (${zone.split('/').at(-1)!.replaceAll('_', ' ')})`, width: 176, sort: 'date', render: (r, zone) => formatDateTime(r.created_at, zone) },
  reference: { label: 'Reference', width: 160, render: (r) => (r.reference ? <Clip text={r.reference} /> : '—') },
  amount: { label: 'Amount', width: 130, align: 'right', sort: 'amount', render: (r) => <span className="num">{formatMoney(r.amount, r.currency)}</span> },
  currency: null,
  status: { label: 'Status', width: 150, render: (r) => <StatusBadge status={r.status} /> },
  approved: { label: 'Approved', width: 90, render: (r) => (r.approved === null ? '—' : r.approved ? 'Yes' : 'No') },
  response_code: { label: 'Response', width: 240, render: (r) => (r.response_code ? <span className="clip" title={`${r.response_code} ${r.response_summary ?? ''}`}><code>{r.response_code}</code> {r.response_summary}</span> : '—') },
  response_summary: null,
  // The last 4 always show; a long scheme name gives way (with the whole in the tooltip).
  scheme: {
    label: 'Card',
    width: 150,
    render: (r) =>
      r.scheme || r.last4 ? (
        <span className="card-cell" title={`${r.scheme ?? 'Card'}${r.last4 ? ` ending ${r.last4}` : ''}`}>
          <span className="clip">{r.scheme ?? 'Card'}</span>
          {r.last4 && <span className="last4">·{r.last4}</span>}
        </span>
      ) : (
        '—'
      ),
  },
  last4: null,
  customer_email: { label: 'Customer', width: 220, render: (r) => (r.customer_email || r.customer_id ? <Clip text={(r.customer_email ?? r.customer_id)!} /> : '—') },
  customer_id: null,
  avs_check: { label: 'AVS', width: 56, render: (r) => r.avs_check ?? '—' },
  cvv_check: { label: 'CVV', width: 56, render: (r) => r.cvv_check ?? '—' },
  risk_flagged: { label: 'Risk', width: 70, render: (r) => (r.risk_flagged ? <span className="flag">Flagged</span> : '') },
  payment_type: { label: 'Type', width: 96, render: (r) => r.payment_type ?? '—' },
  auth_code: { label: 'Auth code', width: 96, render: (r) => (r.auth_code ? <code>{r.auth_code}</code> : '—') },
  id: { label: 'Payment id', width: 280, render: (r) => <code>{r.id}</code> },
}

export const COLUMNS: Column[] = (Object.keys(VIEWS) as PaymentListColumn[]).flatMap((key) => {
  const view = VIEWS[key]
  return view ? [{ key, ...view }] : []
})
const KEYS = COLUMNS.map((c) => c.key)

const STORAGE_KEY = 'paydesk.payments.columns.v2'
/** The first version keyed columns by their own names; they now carry the list row's column names. */
const V1_KEY = 'paydesk.payments.columns.v1'
const V1_NAMES: Record<string, PaymentListColumn> = { date: 'created_at', response: 'response_code', card: 'scheme', customer: 'customer_email', avs: 'avs_check', cvv: 'cvv_check', risk: 'risk_flagged', type: 'payment_type' }
const renameV1 = (keys: unknown) => (Array.isArray(keys) ? keys.map((k) => (typeof k === 'string' ? (V1_NAMES[k] ?? k) : k)) : keys)

export const DEFAULT_LAYOUT: ColumnLayout = { order: KEYS, hidden: ['approved', 'payment_type', 'auth_code', 'id'] }

export function loadLayout(): ColumnLayout {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved) return fitLayout(JSON.parse(saved), KEYS, DEFAULT_LAYOUT)
    const v1 = JSON.parse(localStorage.getItem(V1_KEY) ?? 'null') as { order?: unknown; hidden?: unknown } | null
    return v1 ? fitLayout({ order: renameV1(v1.order), hidden: renameV1(v1.hidden) }, KEYS, DEFAULT_LAYOUT) : DEFAULT_LAYOUT
  } catch {
    return DEFAULT_LAYOUT
  }
}

export function saveLayout(layout: ColumnLayout): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(layout))
}

export function visibleColumns(layout: ColumnLayout): Column[] {
  return layout.order.flatMap((key) => COLUMNS.filter((c) => c.key === key && !layout.hidden.includes(key)))
}
