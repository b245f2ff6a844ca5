import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { paymentTotals } from '../../src-main/payments/list-query'
import { launchChromium, screenshotPath, startTestHost } from '../fixtures/browser-host'

let browserHandle: Awaited<ReturnType<typeof launchChromium>>
let testHost: Awaited<ReturnType<typeof startTestHost>>
let page: Page
const problems: string[] = []

beforeAll(async () => {
  testHost = await startTestHost({ simulatorSeed: { count: 1500, days: 30, seed: 4 } })
  testHost.app.registry.sync.start({ days: 40 })
  await testHost.app.registry.sync.settled()
  browserHandle = await launchChromium()
})
// Each test starts on a fresh page: nothing one test leaves behind can make another pass or fail.
beforeEach(async () => {
  page = await browserHandle.context.newPage()
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  page.on('pageerror', (e) => problems.push(e.message))
})
afterEach(async () => {
  await page.close()
})
afterAll(async () => {
  await browserHandle?.close()
  await testHost?.close()
})

/** Opens a route of the app (e.g. '/payments?status=Declined') with the host's token. */
async function open(route: string) {
  await page.goto(`${testHost.host.url}#${route}`)
}
const rows = () => page.locator('.tbody [role=row]')
const totalsText = () => page.getByTestId('totals').textContent()
const storeTotals = (filter: Parameters<typeof paymentTotals>[1]) => paymentTotals(testHost.app.registry.store().db, filter)

async function firstIdWith(status: string): Promise<string> {
  const row = testHost.app.paymentsSql().prepare('select id from payments where status = ? order by created_at desc limit 1').get(status) as { id: string }
  return row.id
}

describe('the payments list', () => {
  it('shows the synced payments in a virtualized table with totals', async () => {
    await open('/payments')
    await expect.poll(() => totalsText()).toContain('1,500 payments')
    // The rows come from a second call: wait for them too, not only for the totals.
    await expect.poll(() => rows().count()).toBeGreaterThan(10)
    const inDom = await rows().count()
    expect(inDom).toBeLessThan(100) // only the rows in view
    await page.screenshot({ path: screenshotPath('payments-list'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.screenshot({ path: screenshotPath('payments-list-1280x800') })
  })

  it('filters by several statuses, keeps the view in the address, and the totals match the store', async () => {
    await open('/payments')
    // An amount is in one currency's units: the fields wait for one currency to be chosen.
    expect(await page.locator('input[name=min]').isDisabled()).toBe(true)
    expect(await page.locator('input[name=min]').getAttribute('title')).toContain('Choose one currency')
    await page.locator('summary[data-name=status]').click()
    await page.getByRole('checkbox', { name: 'Declined', exact: true }).check()
    await page.getByRole('checkbox', { name: 'Voided', exact: true }).check()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.url()).toContain('status=Declined%2CVoided')
    const expected = await storeTotals({ status: ['Declined', 'Voided'] })
    await expect.poll(() => totalsText()).toContain(`${expected.count.toLocaleString('en-US')} payments`)
    // The rows and the totals come from two calls; wait for the rows too.
    await expect.poll(async () => [...new Set(await page.locator('.tbody [role=row] .badge').allTextContents())].sort()).toEqual(['Declined', 'Voided'])
    await page.screenshot({ path: screenshotPath('payments-filtered'), fullPage: true })
    // A card's last 4 stay in view inside the Card column, however long the scheme's name.
    const cards = page.locator('.card-cell')
    expect(await cards.count()).toBeGreaterThan(5)
    for (let i = 0; i < Math.min(12, await cards.count()); i++) {
      const cell = (await cards.nth(i).locator('xpath=..').boundingBox())!
      const last4 = (await cards.nth(i).locator('.last4').boundingBox())!
      expect(last4.x + last4.width).toBeLessThanOrEqual(cell.x + cell.width)
      expect(await cards.nth(i).getAttribute('title')).toMatch(/ending \d{4}$/)
    }
    // The view survives a reload.
    await page.reload()
    await expect.poll(() => totalsText()).toContain(`${expected.count.toLocaleString('en-US')} payments`)
    expect(await page.locator('summary[data-name=status]').textContent()).toBe('2 selected')
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('declined')
    const declinedOnly = await storeTotals({ status: ['Declined', 'Voided'], outcome: 'declined' })
    await expect.poll(() => totalsText()).toContain(`${declinedOnly.count.toLocaleString('en-US')} payments`)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(() => totalsText()).toContain('1,500 payments')
  })

  it('searches by reference with / and sorts by amount', async () => {
    const target = testHost.app.paymentsSql().prepare('select id, reference from payments where reference is not null order by id limit 1').get() as { id: string; reference: string }
    await open('/payments')
    await page.getByRole('grid', { name: 'Payments' }).waitFor()
    await page.locator('body').press('/')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q')
    await page.keyboard.type(target.reference)
    await expect.poll(() => rows().count()).toBe(1)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.getByRole('button', { name: /^Amount/ }).click()
    await expect.poll(() => page.url()).toContain('sort=amount')
    const max = testHost.app.paymentsSql().prepare('select max(amount) m from payments').get() as { m: number }
    const firstAmount = async () => {
      const firstId = await rows().first().getAttribute('id')
      return (testHost.app.paymentsSql().prepare('select amount from payments where id = ?').get(firstId!.slice(4)) as { amount: number }).amount
    }
    await expect.poll(firstAmount).toBe(max.m)
    await page.getByRole('button', { name: /^Amount/ }).click()
    await expect.poll(() => page.url()).toContain('dir=asc')
  })

  it('has a Columns menu that closes on Escape and on a click outside, and whose Reset works', async () => {
    await open('/payments')
    const menu = page.locator('details.columns-menu')
    const isOpen = () => menu.evaluate((d) => (d as HTMLDetailsElement).open)
    await menu.locator('summary').click()
    expect(await isOpen()).toBe(true)
    await page.keyboard.press('Escape')
    expect(await isOpen()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Columns')
    await menu.locator('summary').click()
    await menu.getByRole('checkbox', { name: 'Reference' }).uncheck()
    await expect.poll(() => page.getByRole('columnheader', { name: 'Reference' }).count()).toBe(0)
    await page.getByRole('heading', { level: 1 }).click()
    expect(await isOpen()).toBe(false)
    await menu.locator('summary').click()
    await page.screenshot({ path: screenshotPath('payments-columns-menu') })
    await menu.getByRole('button', { name: 'Reset columns' }).click()
    await expect.poll(() => page.getByRole('columnheader', { name: 'Reference' }).count()).toBe(1)
    await page.keyboard.press('Escape')
  })

  it('moves with the arrows and opens a payment with Enter', async () => {
    await open('/payments')
    await page.getByRole('grid', { name: 'Payments' }).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const selected = await page.locator('.tbody [aria-selected=true]').getAttribute('id')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toContain(`#/payments/${selected!.slice(4)}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.screenshot({ path: screenshotPath('payment-detail'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.screenshot({ path: screenshotPath('payment-detail-1280x800') })
  })

  it('captures part of an authorisation, then refunds part, refusing bad amounts first', async () => {
    const id = await firstIdWith('Authorized')
    const currency = (testHost.app.paymentsSql().prepare('select currency from payments where id = ?').get(id) as { currency: string }).currency
    await open(`/payments/${id}`)
    await page.getByRole('button', { name: 'Capture', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel(/^Amount/).fill(currency === 'JPY' ? '1.5' : '1.005')
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/decimals|no minor units/)
    expect(await dialog.getByRole('button', { name: 'Confirm capture' }).isDisabled()).toBe(true)
    await dialog.getByLabel(/^Amount/).fill('0')
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('above zero')
    await dialog.getByLabel(/^Amount/).fill('1')
    await page.screenshot({ path: screenshotPath('payment-capture-dialog'), fullPage: true })
    await dialog.getByRole('button', { name: 'Confirm capture' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Partially Captured')
    expect(await page.getByLabel('Timeline').textContent()).toContain('Capture')

    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    await page.getByRole('dialog').getByLabel(/^Amount/).fill(currency === 'KWD' ? '0.5' : currency === 'JPY' ? '1' : '0.5')
    await page.getByRole('dialog').getByLabel(/Reason/).fill('Damaged item')
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm refund' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Partially Refunded')
    const timeline = await page.getByLabel('Timeline').textContent()
    expect(timeline).toContain('Refund')
    expect(timeline).toContain('Damaged item')
    expect(timeline).toMatch(/asked to refund/)
    // The new capture and refund are not in any report yet: their fee lines come from /financial-actions.
    const fees = page.getByLabel('Fees and settlement')
    await expect.poll(() => fees.textContent()).toMatch(/Capture\s*Gross.*Refund\s*Gross/)
    expect(await fees.textContent()).toContain('not paid out yet')
    await page.screenshot({ path: screenshotPath('payment-detail-after-refund'), fullPage: true })
  })

  it('holds a payment whose capture got no answer until Checkout.com is asked again', async () => {
    const id = await firstIdWith('Authorized')
    const sim = testHost.app.registry.simulator.current()!
    await open(`/payments/${id}`)
    // The page reads the payment again when it opens: let that finish before the network breaks.
    await page.getByRole('heading', { level: 1 }).waitFor()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Checking Checkout.com' }).count()).toBe(0)
    // Processed, answer lost, then every retry meets a 500.
    sim.setFaults({ next: ['reset', ...Array(8).fill('500')], retryAfterSeconds: 0 })
    await page.getByRole('button', { name: 'Capture', exact: true }).click()
    await page.getByRole('dialog').getByLabel(/^Amount/).fill('1')
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm capture' }).click()
    await expect.poll(() => page.getByRole('dialog').getByRole('alert').filter({ hasText: 'may have gone through' }).count(), { timeout: 20_000 }).toBe(1)
    sim.setFaults({ next: [] })
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Outcome unknown' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Capture', exact: true }).isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Capture', exact: true }).getAttribute('title')).toContain('check with Checkout.com first')
    await page.screenshot({ path: screenshotPath('payment-outcome-unknown'), fullPage: true })
    // Paydesk also asks again by itself after a few seconds: either way ends the same.
    await page.getByRole('button', { name: 'Check with Checkout.com' }).click({ timeout: 3000 }).catch(() => {})
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Outcome unknown' }).count(), { timeout: 15_000 }).toBe(0)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Partially Captured')
    expect(sim.ctx.state.payments[id]!.actions.filter((a) => a.type === 'Capture')).toHaveLength(1)
  })

  it('voids another authorisation', async () => {
    const id = await firstIdWith('Authorized')
    await open(`/payments/${id}`)
    await page.getByRole('button', { name: 'Void', exact: true }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm void' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Voided')
    expect(await page.getByRole('button', { name: 'Capture', exact: true }).isDisabled()).toBe(true)
  })

  it('exports the filtered set to CSV with the same count and totals', async () => {
    await open('/payments?outcome=approved&currency=GBP')
    const expected = await storeTotals({ outcome: 'approved', currency: ['GBP'] })
    await expect.poll(() => totalsText()).toContain(`${expected.count.toLocaleString('en-US')} payments`)
    await page.getByRole('button', { name: 'Export CSV' }).click()
    await expect.poll(() => page.locator('.export-result').textContent(), { timeout: 20_000 }).toContain(`Exported ${expected.count.toLocaleString('en-US')} rows`)
    const file = await page.locator('.export-result code').textContent()
    const records = parse(readFileSync(file!, 'utf8'), { columns: true }) as { amount_minor: string; currency: string }[]
    expect(records.length).toBe(expected.count)
    expect(records.reduce((s, r) => s + Number(r.amount_minor), 0)).toBe(expected.byCurrency[0]!.gross)
  })

  it('produced no console error and no CSP violation', () => {
    expect(problems).toEqual([])
  })
})
