import { useVirtualizer } from '@tanstack/react-virtual'
import { forwardRef, memo, useEffect, useImperativeHandle, useRef, type KeyboardEvent, type MouseEvent } from 'react'
import type { PaymentListRow, PaymentSort } from '../../../src-main/contract'
import type { Column } from './columns'

const ROW_HEIGHT = 28

interface Props {
  rows: PaymentListRow[]
  columns: Column[]
  sort: PaymentSort
  onSort(by: PaymentSort['by']): void
  selected: number
  onSelect(index: number): void
  /** inNewWindow: Ctrl/Cmd-click or a middle click, as on a link. */
  onOpen(row: PaymentListRow, inNewWindow: boolean, index: number): void
  hasMore: boolean
  loading: boolean
  onNeedMore(): void
  /** What an empty list says (nothing synced, no payments, no match). */
  emptyMessage: string
  /** The zone dates are shown in (named in the Date header). */
  timeZone: string
}

export interface PaymentsTableHandle {
  focus(): void
  scrollTop(): number
  scrollTo(top: number): void
}

/** Only the rows in view are in the DOM; a click opens a row, arrows move the selection, Enter opens it. */
// Memoised: a re-render of the screen (a filter typed, a status pushed) leaves the rows alone until they change.
export const PaymentsTable = memo(
  forwardRef<PaymentsTableHandle, Props>(function PaymentsTable({ rows, columns, sort, onSort, selected, onSelect, onOpen, hasMore, loading, onNeedMore, emptyMessage, timeZone }, ref) {
  const scroller = useRef<HTMLDivElement>(null)
  const grid = useRef<HTMLDivElement>(null)
  useImperativeHandle(
    ref,
    () => ({
      focus: () => grid.current?.focus(),
      scrollTop: () => scroller.current?.scrollTop ?? 0,
      scrollTo: (top: number) => scroller.current?.scrollTo({ top }),
    }),
    [],
  )
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })
  const items = virtualizer.getVirtualItems()
  const width = columns.reduce((w, c) => w + c.width, 0)

  useEffect(() => {
    const last = items.at(-1)
    if (last && last.index >= rows.length - 40 && hasMore && !loading) onNeedMore()
  }, [items, rows.length, hasMore, loading, onNeedMore])

  useEffect(() => {
    if (selected >= 0) virtualizer.scrollToIndex(selected, { align: 'auto' })
  }, [selected, virtualizer])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') onSelect(Math.min(rows.length - 1, selected + 1))
    else if (event.key === 'ArrowUp') onSelect(Math.max(0, selected - 1))
    else if (event.key === 'PageDown') onSelect(Math.min(rows.length - 1, selected + 15))
    else if (event.key === 'PageUp') onSelect(Math.max(0, selected - 15))
    else if (event.key === 'Home') onSelect(0)
    else if (event.key === 'End') onSelect(rows.length - 1)
    else if (event.key === 'Enter' && rows[selected]) onOpen(rows[selected]!, event.ctrlKey || event.metaKey, selected)
    else return
    event.preventDefault()
  }

  const arrow = (by: PaymentSort['by']) => (sort.by === by ? (sort.dir === 'desc' ? ' ↓' : ' ↑') : '')
  return (
    <div
      className="table"
      role="grid"
      aria-label="Payments"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selected >= 0 && rows[selected] ? `row-${rows[selected]!.id}` : undefined}
      tabIndex={0}
      ref={grid}
      onKeyDown={onKeyDown}
    >
      <div className="table-scroll" ref={scroller}>
        <div className="thead" role="row" style={{ width }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={`th ${c.align ?? ''}`} style={{ width: c.width }} aria-sort={c.sort && sort.by === c.sort ? (sort.dir === 'desc' ? 'descending' : 'ascending') : undefined}>
              {c.sort ? (
                <button type="button" className="sort" onClick={() => onSort(c.sort!)}>
                  {c.heading?.(timeZone) ?? c.label}
                  {arrow(c.sort)}
                </button>
              ) : (
                (c.heading?.(timeZone) ?? c.label)
              )}
            </div>
          ))}
        </div>
        <div className="tbody" style={{ height: virtualizer.getTotalSize(), width }}>
          {items.map((item) => {
            const row = rows[item.index]!
            return (
              <div
                key={row.id}
                id={`row-${row.id}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === selected}
                className={`tr${item.index === selected ? ' selected' : ''}${row.approved === 0 ? ' declined' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={(event: MouseEvent) => onOpen(row, event.ctrlKey || event.metaKey, item.index)}
                onAuxClick={(event: MouseEvent) => event.button === 1 && onOpen(row, true, item.index)}
              >
                {columns.map((c) => (
                  <div key={c.key} role="gridcell" className={`td ${c.align ?? ''}`} style={{ width: c.width }}>
                    {c.render(row, timeZone)}
                  </div>
                ))}
              </div>
            )
          })}
        </div>
        {!loading && rows.length === 0 && <p className="table-empty">{emptyMessage}</p>}
      </div>
    </div>
  )
  }),
)
