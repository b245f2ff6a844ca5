import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath } from '../fixtures/browser-host'
import { syncedPage } from '../fixtures/synced-page'

// A manager's look at why payments decline and what the checks say, in the real UI on the
// seeded simulator: each screen renders its figures, and a figure clicked opens the payments
// list with as many payments as it said.

const opened = syncedPage({ count: 1500, days: 30, seed: 13 }, 40, 'Asia/Kolkata')
let page: Page
let testHost: (typeof opened)['testHost']
const problems = opened.problems
beforeAll(() => {
  ;({ page, testHost } = opened)
})

const listCount = async () => {
  await expect.poll(() => page.getByTestId('totals').textContent(), { timeout: 10_000 }).toMatch(/^\d[\d,]* payments/)
  return Number((await page.getByTestId('totals').locator('strong').first().textContent())!.replaceAll(',', ''))
}

describe('declines', () => {
  it('breaks declines down by kind, code, day and slice, and each figure opens a list of as many payments', async () => {
    await page.goto(`${testHost.host.url}#/declines?period=30d`)
    await page.getByTestId('codes-table').waitFor()
    await expect.poll(() => page.getByTestId('period-text').textContent()).toContain('days in Asia/Kolkata')
    await page.getByTestId('decline-trend').locator('svg').first().waitFor()
    await page.screenshot({ path: screenshotPath('declines-1280x800') })
    await page.screenshot({ path: screenshotPath('declines-full'), fullPage: true })
    const declined = await page.getByTestId('declined-total').textContent()
    expect(Number(declined!.replaceAll(',', ''))).toBeGreaterThan(10)
    // The top code: its count, then the list it opens.
    const top = page.getByTestId('codes-table').locator('tbody tr').first()
    const code = await top.getAttribute('data-code')
    const figure = Number((await top.locator('a').textContent())!.replaceAll(',', ''))
    expect(figure).toBeGreaterThan(0)
    await top.locator('a').click()
    await expect.poll(() => page.url()).toContain(`code=${code}`)
    expect(await listCount()).toBe(figure)
    expect(await page.getByTestId('filter-summary').textContent()).toContain('Outcome: declined')
    await page.goBack()
    // A slice: the first scheme's declines.
    const scheme = page.locator('table[data-slice=scheme] tbody tr').first()
    const schemeFigure = Number((await scheme.locator('a').textContent())!.replaceAll(',', ''))
    await scheme.locator('a').click()
    expect(await listCount()).toBe(schemeFigure)
    await page.goBack()
    // A kind of decline.
    const soft = page.locator('tr[data-category=soft_decline]')
    const softFigure = Number((await soft.locator('a').textContent())!.replaceAll(',', ''))
    await soft.locator('a').click()
    expect(await listCount()).toBe(softFigure)
    expect(await page.getByTestId('filter-summary').textContent()).toContain('Decline kind: soft_decline')
    await page.goBack()
    // Another period: all time has no comparison column.
    await page.locator('select[name=period]').selectOption('all')
    await expect.poll(() => page.getByTestId('period-text').textContent()).toContain('All payments on this computer')
    expect(await page.getByTestId('codes-table').locator('th', { hasText: 'Change' }).count()).toBe(0)
    expect(problems).toEqual([])
  })
})

describe('AVS and CVV checks', () => {
  it('shows the AVS x CVV matrix with approval rates, the share with a mismatch and the schemes, and a cell opens its payments', async () => {
    await page.goto(`${testHost.host.url}#/checks?period=30d`)
    await page.getByTestId('check-matrix').waitFor()
    expect(await page.getByTestId('mismatch-share').textContent()).toMatch(/\d+\.\d% of [\d,]+ payments had a mismatch/)
    await page.screenshot({ path: screenshotPath('checks-1280x800') })
    await page.screenshot({ path: screenshotPath('checks-full'), fullPage: true })
    const cell = page.getByTestId('check-matrix').locator('td[data-cell] a').first()
    const figure = Number((await cell.textContent())!.replaceAll(',', ''))
    expect(figure).toBeGreaterThan(0)
    await cell.click()
    await expect.poll(() => page.url()).toContain('avs=')
    expect(await listCount()).toBe(figure)
    expect(problems).toEqual([])
  })
})
