import { describe, expect, it } from 'vitest'
import { fitLayout, moveColumn, toggleColumn } from '../../../src-renderer/screens/payments/column-layout'

const KNOWN = ['created_at', 'reference', 'amount', 'status']
const DEFAULT = { order: KNOWN, hidden: ['status'] }

describe('the remembered column layout', () => {
  it('keeps a saved order, drops columns that no longer exist and appends new ones', () => {
    expect(fitLayout({ order: ['amount', 'gone', 'created_at', 'amount'], hidden: ['gone', 'reference'] }, KNOWN, DEFAULT)).toEqual({ order: ['amount', 'created_at', 'reference', 'status'], hidden: ['reference'] })
  })

  it('falls back to the default for anything that is not a layout', () => {
    for (const saved of [null, 'x', 42, { order: 'amount' }, { order: [], hidden: null }]) expect(fitLayout(saved, KNOWN, DEFAULT)).toBe(DEFAULT)
  })

  it('moves a column within bounds, and shows or hides it', () => {
    expect(moveColumn(DEFAULT, 'amount', -1).order).toEqual(['created_at', 'amount', 'reference', 'status'])
    expect(moveColumn(DEFAULT, 'created_at', -1)).toBe(DEFAULT)
    expect(moveColumn(DEFAULT, 'status', 1)).toBe(DEFAULT)
    expect(toggleColumn(DEFAULT, 'status').hidden).toEqual([])
    expect(toggleColumn(DEFAULT, 'amount').hidden).toEqual(['status', 'amount'])
  })
})
