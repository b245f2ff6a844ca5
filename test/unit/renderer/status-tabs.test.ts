import { describe, expect, it } from 'vitest'
import { activeTab, STATUS_TABS, withTab } from '../../../src-renderer/lib/status-tabs'

const tab = (key: string) => STATUS_TABS.find((t) => t.key === key)!

describe('status tabs', () => {
  it('set only the status, outcome and flag, keeping every other filter', () => {
    const params = new URLSearchParams('currency=GBP&range=7d&outcome=approved&q=smith')
    expect(withTab(params, tab('refunded')).toString()).toBe('currency=GBP&range=7d&q=smith&status=Refunded%2CPartially+Refunded')
    expect(withTab(params, tab('declined')).toString()).toBe('currency=GBP&range=7d&q=smith&status=Declined')
    expect(withTab(params, tab('all')).toString()).toBe('currency=GBP&range=7d&q=smith')
  })

  it('tell which tab an address is on, and none for a mix no tab names', () => {
    expect(activeTab(new URLSearchParams('currency=GBP'))?.key).toBe('all')
    expect(activeTab(new URLSearchParams('flagged=yes&range=today'))?.key).toBe('flagged')
    expect(activeTab(new URLSearchParams('status=Captured,Partially Captured'))?.key).toBe('captured')
    expect(activeTab(new URLSearchParams('status=Captured&outcome=approved'))).toBeNull()
  })
})
