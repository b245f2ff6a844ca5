import { COLUMNS, DEFAULT_LAYOUT, type ColumnLayout } from './columns'

/** Show, hide and reorder the table's columns; the choice is remembered. */
export function ColumnsMenu({ layout, onChange }: { layout: ColumnLayout; onChange(layout: ColumnLayout): void }) {
  const move = (key: string, delta: number) => {
    const order = [...layout.order]
    const from = order.indexOf(key)
    const to = from + delta
    if (to < 0 || to >= order.length) return
    order.splice(from, 1)
    order.splice(to, 0, key)
    onChange({ ...layout, order })
  }
  return (
    <details className="columns-menu">
      <summary>Columns</summary>
      <ul aria-label="Columns">
        {layout.order.map((key, index) => {
          const column = COLUMNS.find((c) => c.key === key)!
          const shown = !layout.hidden.includes(key)
          return (
            <li key={key}>
              <label>
                <input type="checkbox" checked={shown} onChange={() => onChange({ ...layout, hidden: shown ? [...layout.hidden, key] : layout.hidden.filter((k) => k !== key) })} />
                {column.label}
              </label>
              <button type="button" aria-label={`Move ${column.label} left`} disabled={index === 0} onClick={() => move(key, -1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move ${column.label} right`} disabled={index === layout.order.length - 1} onClick={() => move(key, 1)}>
                ↓
              </button>
            </li>
          )
        })}
      </ul>
      <button type="button" className="link" onClick={() => onChange(DEFAULT_LAYOUT)}>
        Reset columns
      </button>
    </details>
  )
}
