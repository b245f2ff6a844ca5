import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { paymentTotals } from '../../src-main/payments/list-query'
import { createPayment } from '../../src-main/simulator/payments'
import { dispatch } from '../../src-main/app/dispatch'
import { addDays, dayOf, daysRange } from '../../src-main/reference/time-zone'
import { handlers } from '../../src-main/app/handler-map'
import { launchChromium, screenshotPath, startSyncedHost, watchPage, type startTestHost } from '../fixtures/browser-host'

let browserHandle: Awaited<ReturnType<typeof launchChromium>>
let testHost: Awaited<ReturnType<typeof startTestHost>>
let page: Page
const problems: string[] = []

beforeAll(async () => {
  testHost = await startSyncedHost({ count: 1500, days: 30, seed: 4 }, 40)
  browserHandle = await launchChromium()
})
// Each test starts on a fresh page: nothing one test leaves behind can make another pass or fail.
beforeEach(async () => {
  page = watchPage(await browserHandle.context.newPage(), problems)
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
const call = async (name: 'settings.display.save', input: unknown) => {
  const result = await dispatch(handlers, testHost.app.registry, name, input)
  if (!result.ok) throw new Error(result.error.message)
}
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
    await page.getByRole('button', { name: /^Filters/ }).click()
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
    await page.getByRole('button', { name: 'Clear', exact: true }).click()
    await expect.poll(() => totalsText()).toContain('1,500 payments')
    // Folded away, the panel leaves a summary of what is applied.
    await open('/payments?currency=GBP&range=7d')
    await page.getByRole('button', { name: /^Filters · 2/ }).click()
    expect(await page.getByTestId('filter-summary').textContent()).toBe('Date: Last 7 days · Currency: GBP')
  })

  it('searches inside references in any case with /, goes down to the rows with the arrow, and sorts by amount only within one currency', async () => {
    const target = testHost.app.paymentsSql().prepare('select id, reference from payments where reference is not null order by id limit 1').get() as { id: string; reference: string }
    await open('/payments')
    await page.getByRole('grid', { name: 'Payments' }).waitFor()
    await page.locator('body').press('/')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q')
    // The middle of the reference, in lower case.
    await page.keyboard.type(target.reference.slice(3).toLowerCase())
    await expect.poll(() => rows().count()).toBe(1)
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid')
    expect(await page.locator('.tbody [aria-selected=true]').getAttribute('id')).toBe(`row-${target.id}`)
    // An amount, as read out on the phone.
    const paid = testHost.app.paymentsSql().prepare("select id, amount from payments where currency = 'GBP' order by id limit 1").get() as { id: string; amount: number }
    await page.locator('input[name=q]').fill(`${Math.floor(paid.amount / 100)}.${String(paid.amount % 100).padStart(2, '0')}`)
    await expect.poll(async () => (await rows().evaluateAll((els) => els.map((e) => e.id))).includes(`row-${paid.id}`)).toBe(true)
    await page.getByRole('button', { name: 'Clear', exact: true }).click()
    // Across currencies an amount order means nothing: it asks for one currency.
    await page.getByRole('button', { name: /^Amount/ }).click()
    expect(await page.getByRole('note').textContent()).toContain('choose one currency')
    expect(page.url()).not.toContain('sort=amount')
    await open('/payments?currency=GBP')
    await page.getByRole('button', { name: /^Amount/ }).click()
    await expect.poll(() => page.url()).toContain('sort=amount')
    const max = testHost.app.paymentsSql().prepare("select max(amount) m from payments where currency = 'GBP'").get() as { m: number }
    const firstAmount = async () => {
      const firstId = await rows().first().getAttribute('id')
      return (testHost.app.paymentsSql().prepare('select amount from payments where id = ?').get(firstId!.slice(4)) as { amount: number }).amount
    }
    await expect.poll(firstAmount).toBe(max.m)
    await page.getByRole('button', { name: /^Amount/ }).click()
    await expect.poll(() => page.url()).toContain('dir=asc')
  })

  it('fetches a pasted payment id that is not on this computer yet, and says when Checkout.com has none', async () => {
    // Made on the account after the sync: only Checkout.com knows it.
    const sim = testHost.app.registry.simulator.current()!
    const created = createPayment(sim.ctx, { source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2031, cvv: '100', billing_address: { address_line1: '1 High Street', city: 'London', zip: 'W1T 4TJ', country: 'GB' } }, customer: { email: 'late.caller@example.com', name: 'Late Caller' }, amount: 4321, currency: 'GBP', reference: 'PHONE-LATE-1', capture: false }).payment
    await open('/payments')
    await page.locator('input[name=q]').fill(created.id.slice(4).toUpperCase())
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(1)
    expect(await rows().first().getAttribute('id')).toBe(`row-${created.id}`)
    await page.locator('input[name=q]').fill('pay_zzzzzzzzzzzzzzzzzzzzzzzzzz')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'has no payment' }).count(), { timeout: 15_000 }).toBe(1)
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

  it('shows more than 20 rows at 1280x800, opens a row with one click, and Back comes to the same row with the list focused', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await open('/payments')
    await expect.poll(() => rows().count()).toBeGreaterThan(20)
    const fullyVisible = await page.evaluate(() => {
      const box = document.querySelector('.table-scroll')!.getBoundingClientRect()
      return [...document.querySelectorAll('.tbody [role=row]')].filter((r) => {
        const b = r.getBoundingClientRect()
        return b.top >= box.top + 28 && b.bottom <= Math.min(box.bottom, window.innerHeight)
      }).length
    })
    expect(fullyVisible).toBeGreaterThan(20)
    await page.locator('.table-scroll').evaluate((el) => (el.scrollTop = 600))
    // The row drawn 700 px down the list once the scroll has settled.
    await expect.poll(() => page.locator('.tbody [role=row][aria-rowindex="27"]').count()).toBe(1)
    const id = (await page.locator('.tbody [role=row][aria-rowindex="27"]').getAttribute('id'))!.slice(4)
    await page.locator(`#row-${id}`).click()
    await expect.poll(() => page.url()).toContain(`#/payments/${id}`)
    await page.getByRole('button', { name: '← Payments' }).click()
    await expect.poll(() => page.locator('.tbody [aria-selected=true]').getAttribute('id')).toBe(`row-${id}`)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid')
    expect(await page.locator('.table-scroll').evaluate((el) => el.scrollTop)).toBeGreaterThan(500)
  })

  it('has tabs with counts that match the store, saved views, and the money per currency', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await open('/payments?range=all')
    const declined = await storeTotals({ status: ['Declined'] })
    const refunded = await storeTotals({ status: ['Refunded', 'Partially Refunded'] })
    await expect.poll(() => page.getByRole('tab', { name: /^Declined/ }).textContent()).toBe(`Declined ${declined.count.toLocaleString('en-US')}`)
    // Each tab's count is its own call: wait for this one too.
    await expect.poll(() => page.getByRole('tab', { name: /^Refunded/ }).textContent()).toBe(`Refunded ${refunded.count.toLocaleString('en-US')}`)
    await page.getByRole('tab', { name: /^Declined/ }).click()
    await expect.poll(() => page.url()).toContain('status=Declined')
    await expect.poll(async () => [...new Set(await page.locator('.tbody [role=row] .badge').allTextContents())]).toEqual(['Declined'])
    expect(await page.getByRole('tab', { name: /^Declined/ }).getAttribute('aria-selected')).toBe('true')
    // Saved under a name, found again after the filters change.
    await page.locator('details.views-menu summary').click()
    await page.getByLabel('Name of the view to save').fill('Declines to chase')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.keyboard.press('Escape')
    await page.getByRole('tab', { name: /^All/ }).click()
    await expect.poll(() => page.url()).not.toContain('status=Declined')
    await page.locator('details.views-menu summary').click()
    await page.getByRole('button', { name: 'Declines to chase', exact: true }).click()
    await expect.poll(() => page.url()).toContain('status=Declined')
    // The money of the filtered set, one row per currency, as the store sums it.
    await page.getByRole('tab', { name: /^All/ }).click()
    await page.getByRole('button', { name: 'Money' }).click()
    const all = await storeTotals({})
    const gbp = all.byCurrency.find((c) => c.currency === 'GBP')!
    const row = page.locator('.money-table tr[data-currency=GBP]')
    await expect.poll(() => row.locator('td').first().textContent()).toBe(gbp.count.toLocaleString('en-US'))
    const cells = await row.locator('td').allTextContents()
    const pounds = (minor: number) => `£${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`
    expect(cells[2]).toBe(pounds(gbp.authorised))
    expect(cells[3]).toBe(pounds(gbp.captured))
    expect(cells[4]).toBe(pounds(gbp.refunded))
    expect(cells[6]).toBe(pounds(gbp.net))
    expect(gbp.captured).toBeGreaterThan(0)
    await page.screenshot({ path: screenshotPath('payments-money-1280x800') })
  })

  it('moves with the arrows and opens a payment with Enter', async () => {
    await open('/payments')
    // The rows first: arrows in an empty list select nothing.
    await expect.poll(() => rows().count()).toBeGreaterThan(2)
    await page.getByRole('grid', { name: 'Payments' }).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const selected = await page.locator('.tbody [aria-selected=true]').getAttribute('id')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toContain(`#/payments/${selected!.slice(4)}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    // What a bank or a cardholder quotes: the address, the references, 3-D Secure, the IP; ids copy.
    // (On a captured payment with a customer, whichever row the arrows reached.)
    const captured = testHost.app.paymentsSql().prepare("select id, customer_id, json_extract(raw_json, '$.source.billing_address.address_line1') as line1 from payments where customer_id is not null and status = 'Captured' and reference like 'ORD-%' order by created_at desc limit 1").get() as { id: string; customer_id: string; line1: string }
    await open(`/payments/${captured.id}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Checking Checkout.com' }).count()).toBe(0)
    const detail = await page.locator('.detail-grid').textContent()
    expect(detail).toContain(`Billing address${captured.line1}`)
    expect(detail).toMatch(/RRN\d{12}/)
    expect(detail).toMatch(/3-D Secure(Not used|.*enrolled)/)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.getByRole('button', { name: 'Copy the payment id' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Copy the payment id' }).textContent()).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(captured.id)
    // A long email wraps inside its card instead of running out of it.
    testHost.app.registry.simulator.current()!.ctx.state.customers[captured.customer_id]!.email = 'accounts.payable.department.of.a.very.long.company.name@subsidiary.example.co.uk'
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => page.locator('.email').textContent()).toContain('accounts.payable')
    const [email, card] = await Promise.all([page.locator('.email').boundingBox(), page.getByLabel('Customer and source').boundingBox()])
    expect(email!.x + email!.width).toBeLessThanOrEqual(card!.x + card!.width)
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
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/decimals|could be/)
    expect(await dialog.getByRole('button', { name: 'Confirm capture' }).isDisabled()).toBe(true)
    await dialog.getByLabel(/^Amount/).fill('0')
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('above zero')
    await dialog.getByLabel(/^Amount/).fill('1')
    // Tab goes round the dialog's own controls, never to the page behind it.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true)
    }
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
    expect(timeline).toMatch(/ARN 2\d{22}/)
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
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    // Closed, the dialog gives focus back to the button that opened it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Void')
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
    const file = await page.locator('.export-result .clip').first().getAttribute('title')
    // The header buttons stay where they were; the message sits under them.
    const header = await page.locator('.header-actions').boundingBox()
    expect(header!.height).toBeLessThan(50)
    // The browser host has no file manager: Show in folder says where the file is.
    await page.getByRole('button', { name: 'Show in folder' }).click()
    await expect.poll(() => page.locator('.export-result').textContent()).toContain(`Saved on this computer at ${file}`)
    const records = parse(readFileSync(file!, 'utf8'), { columns: true }) as { amount_minor: string; currency: string }[]
    expect(records.length).toBe(expected.count)
    expect(records.reduce((s, r) => s + Number(r.amount_minor), 0)).toBe(expected.byCurrency[0]!.gross)
  })

  it('keeps a risk review queue: counts as the store has them, a review leaves the queue and survives a reload and a re-sync', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    const inQueue = (testHost.app.paymentsSql().prepare("select count(*) as n from payments where risk_flagged = 1 or (response_code >= '40000' and response_code < '50000')").get() as { n: number }).n
    expect(inQueue).toBeGreaterThan(2)
    await open('/risk')
    await expect.poll(() => page.getByRole('tab', { name: /^To review/ }).textContent()).toBe(`To review ${inQueue}`)
    await page.screenshot({ path: screenshotPath('risk-queue-1280x800') })
    // A captured one, so that it can be refunded from the queue once found to be fraud.
    const refundable = page.locator('.risk-queue tbody tr').filter({ has: page.getByRole('button', { name: 'Refund…' }) })
    expect(await refundable.count()).toBeGreaterThan(0)
    const first = refundable.first()
    const id = await first.getAttribute('data-id')
    await first.getByRole('textbox').fill('Issuer confirmed the card was stolen')
    await first.getByRole('button', { name: 'Fraud' }).click()
    await expect.poll(() => page.getByRole('tab', { name: /^To review/ }).textContent()).toBe(`To review ${inQueue - 1}`)
    expect(await page.locator(`.risk-queue tr[data-id="${id}"]`).count()).toBe(0)
    testHost.app.registry.sync.start({ days: 40 })
    await testHost.app.registry.sync.settled()
    await page.reload()
    await page.getByRole('tab', { name: /^Reviewed/ }).click()
    await expect.poll(() => page.locator(`.risk-queue tr[data-id="${id}"]`).textContent()).toContain('Fraud: Issuer confirmed the card was stolen')
    // From the queue, a fraudulent captured payment is refunded through the payment's own dialog.
    const reviewedRow = page.locator(`.risk-queue tr[data-id="${id}"]`)
    await reviewedRow.getByRole('button', { name: 'Refund…' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm refund' }).click()
    await expect.poll(() => reviewedRow.textContent()).toContain('Refund accepted')
    expect(await reviewedRow.textContent()).toMatch(/Refunded/)
    await page.screenshot({ path: screenshotPath('risk-reviewed-1280x800') })
  })

  it('shows every date in the time zone chosen in Settings, for a German reader in Tokyo too', async () => {
    const german = await launchChromium({ locale: 'de-DE', timezoneId: 'Asia/Tokyo' })
    const other = await german.context.newPage()
    other.on('pageerror', (e) => problems.push(e.message))
    try {
      await other.setViewportSize({ width: 1280, height: 800 })
      await other.goto(`${testHost.host.url}#/settings`)
      // The computer's zone until another is chosen: this browser says Tokyo.
      await other.getByRole('combobox', { name: 'Time zone' }).waitFor()
      expect(await other.getByRole('combobox', { name: 'Time zone' }).locator('option').first().textContent()).toContain('Asia/Tokyo')
      await other.getByRole('combobox', { name: 'Time zone' }).selectOption('America/New_York')
      await other.getByText('Time zone saved.').waitFor()
      await other.getByRole('region', { name: 'Dates and times' }).scrollIntoViewIfNeeded()
      await other.screenshot({ path: screenshotPath('settings-time-zone-de-1280x800') })
      await other.goto(`${testHost.host.url}#/payments`)
      await expect.poll(() => other.getByRole('columnheader').first().textContent()).toContain('Date (New York)')
      const first = other.locator('.tbody [role=row]').first()
      const id = (await first.getAttribute('id'))!.slice(4)
      const createdAt = (testHost.app.paymentsSql().prepare('select created_at from payments where id = ?').get(id) as { created_at: string }).created_at
      const expected = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/New_York' }).format(new Date(createdAt))
      expect(await first.locator('[role=gridcell]').first().textContent()).toBe(expected)
      await other.screenshot({ path: screenshotPath('payments-list-de-new-york-1280x800') })
      // Yesterday is New York's yesterday, cut at its midnights, whatever the browser's own zone.
      await other.goto(`${testHost.host.url}#/payments?range=yesterday`)
      const day = addDays(dayOf(Date.now(), 'America/New_York'), -1)
      const yesterday = await storeTotals(daysRange(day, day, 'America/New_York'))
      expect(yesterday.count).toBeGreaterThan(0)
      await expect.poll(() => other.getByTestId('totals').textContent()).toContain(`${yesterday.count.toLocaleString('de-DE')} payments yesterday`)
      // The detail: to the second, with its zone.
      await other.goto(`${testHost.host.url}#/payments/${id}`)
      await other.getByRole('heading', { level: 1 }).waitFor()
      expect(await other.locator('.subtitle').first().textContent()).toMatch(/\d{2}:\d{2}:\d{2} (GMT-[45]|EST|EDT|UTC-[45])/)
      await other.screenshot({ path: screenshotPath('payment-detail-de-new-york-1280x800') })
    } finally {
      await call('settings.display.save', { timeZone: null })
      await german.close()
    }
  })

  it('produced no console error and no CSP violation', () => {
    expect(problems).toEqual([])
  })
})
