import { useDisclosure } from '../../lib/useDisclosure'
import { moveColumn, toggleColumn, type ColumnLayout } from './column-layout'
import { COLUMNS, DEFAULT_LAYOUT } from './columns'

/** Show, hide and reorder the table's columns; the choice is remembered. */
export function ColumnsMenu({ layout, onChange }: { layout: ColumnLayout; onChange(layout: ColumnLayout): void }) {
  const move = (key: string, delta: number) => onChange(moveColumn(layout, key, delta))
  // Closes on a click outside and on Escape, like the filters' pop-overs.
  const details = useDisclosure()
  return (
    <details className="columns-menu" ref={details}>
      <summary>Columns</summary>
      {/* One floating panel for the list and its Reset: nothing in it moves the page or hides the other. */}
      <div className="columns-panel">
        <ul aria-label="Columns">
          {layout.order.map((key, index) => {
            const column = COLUMNS.find((c) => c.key === key)!
            const shown = !layout.hidden.includes(key)
            return (
              <li key={key}>
                <label>
                  <input type="checkbox" checked={shown} onChange={() => onChange(toggleColumn(layout, key))} />
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
      </div>
    </details>
  )
}
