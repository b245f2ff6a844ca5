// Which of the list's columns show, in which order: the person's choice, remembered. Pure, so
// the rules (columns added by a later version go at the end; unknown keys are dropped) are
// unit-tested without a browser.

export interface ColumnLayout {
  order: string[]
  hidden: string[]
}

/** A saved layout (parsed JSON of any shape) made to fit today's columns. */
export function fitLayout(saved: unknown, known: readonly string[], fallback: ColumnLayout): ColumnLayout {
  if (!saved || typeof saved !== 'object') return fallback
  const { order, hidden } = saved as Partial<ColumnLayout>
  if (!Array.isArray(order) || !Array.isArray(hidden)) return fallback
  const kept = order.filter((key, index): key is string => typeof key === 'string' && known.includes(key) && order.indexOf(key) === index)
  return { order: [...kept, ...known.filter((key) => !kept.includes(key))], hidden: hidden.filter((key): key is string => typeof key === 'string' && known.includes(key)) }
}

/** The layout with `key` moved by `delta` places; unchanged at either end. */
export function moveColumn(layout: ColumnLayout, key: string, delta: number): ColumnLayout {
  const order = [...layout.order]
  const from = order.indexOf(key)
  const to = from + delta
  if (from < 0 || to < 0 || to >= order.length) return layout
  order.splice(from, 1)
  order.splice(to, 0, key)
  return { ...layout, order }
}

export function toggleColumn(layout: ColumnLayout, key: string): ColumnLayout {
  return { ...layout, hidden: layout.hidden.includes(key) ? layout.hidden.filter((k) => k !== key) : [...layout.hidden, key] }
}
