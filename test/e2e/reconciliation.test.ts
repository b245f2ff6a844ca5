import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/app/dispatch'
import { handlers } from '../../src-main/app/handler-map'
import type { DayReconciliation } from '../../src-main/reconciliation/contract'
import { needsExplaining } from '../../src-main/reconciliation/reconcile-day'
import { formatMinorDecimal } from '../../src-main/reference/minor-units'
import { addDays, dayOf } from '../../src-main/reference/time-zone'
import { launchChromium, screenshotPath, startSyncedHost, watchPage, type startTestHost } from '../fixtures/browser-host'

// Finance's day in the real UI: the shop's orders file imported for a seeded day, the day
// reconciled, a difference explained, the day closed, exported to CSV and printed.

let browserHandle: Awaited<ReturnType<typeof launchChromium>>
let testHost: Awaited<ReturnType<typeof startTestHost>>
let page: Page
const problems: string[] = []
const ZONE = 'UTC'

beforeAll(async () => {
  testHost = await startSyncedHost({ count: 900, days: 10, seed: 21 }, 20, ZONE)
  browserHandle = await launchChromium()
  page = watchPage(await browserHandle.context.newPage(), problems)
  await page.setViewportSize({ width: 1280, height: 800 })
})
afterAll(async () => {
  await browserHandle?.close()
  await testHost?.close()
})

describe('daily reconciliation', () => {
  it('imports the shop’s orders, shows each difference, takes an explanation, closes the day and exports it', async () => {
    const day = addDays(dayOf(Date.now(), ZONE), -3)
    const paid = testHost.app.paymentsSql().prepare("select reference, amount, currency, created_at, refunded_amount from payments where approved = 1 and status not in ('Voided', 'Expired') and created_at >= ? and created_at < ? order by created_at").all(`${day}T00:00:00Z`, `${addDays(day, 1)}T00:00:00Z`) as { reference: string; amount: number; currency: string; created_at: string; refunded_amount: number }[]
    expect(paid.length).toBeGreaterThan(20)
    // The shop's export: semicolons, decimal commas, day-first dates; one order it never got paid for.
    const rows = paid.map((p) => `${p.reference};${p.created_at.slice(8, 10)}/${p.created_at.slice(5, 7)}/${p.created_at.slice(0, 4)} ${p.created_at.slice(11, 16)};${formatMinorDecimal(p.amount, p.currency).replace('.', ',')};${p.currency};${p.refunded_amount > 0 ? 'refunded' : 'paid'}`)
    const path = join(testHost.app.dataDir, 'shop-orders.csv')
    writeFileSync(path, ['Bestellnummer;Datum;Betrag;Währung;Status', ...rows, `SHOP-UNPAID-1;${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} 12:00;49,90;EUR;paid`, 'SHOP-BAD;99/99/2026;1,00;EUR;paid'].join('\r\n'), 'latin1')

    await page.goto(`${testHost.host.url}#/reconciliation?day=${day}`)
    // The matching rules can be read and changed; a window over a day is refused with a sentence.
    await page.getByText('Matching rules').click()
    await page.locator('input[name=windowMinutes]').fill('2000')
    await page.getByRole('button', { name: 'Save rules' }).click()
    await expect.poll(() => page.locator('.rules').textContent()).toContain('at most a day (1440 minutes)')
    await page.locator('input[name=windowMinutes]').fill('30')
    await page.getByRole('button', { name: 'Save rules' }).click()
    await expect.poll(() => page.locator('.rules').textContent()).toContain('Rules saved')
    await page.getByText('Matching rules').click()
    await page.getByRole('button', { name: 'Import orders file…' }).click()
    // The browser host has no file dialog: the path is typed.
    await page.getByLabel('Path of the orders file').fill(path)
    await page.getByRole('button', { name: 'Read file' }).click()
    await expect.poll(() => page.locator('select[name=map-reference]').inputValue()).toBe('Bestellnummer')
    expect(await page.locator('select[name=decimalSeparator]').inputValue()).toBe(',')
    expect(await page.locator('select[name=dateOrder]').inputValue()).toBe('dmy')
    await page.screenshot({ path: screenshotPath('reconciliation-mapping-1280x800') })
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect.poll(() => page.locator('.import-result').textContent()).toContain(`${(paid.length + 1).toLocaleString('en-US')} orders imported`)
    expect(await page.locator('.import-errors').textContent()).toContain(`Line ${paid.length + 3}: "99/99/2026" is not a real date`)

    // The never-paid order is the one difference to explain.
    const unpaid = page.locator('tr.problem').filter({ hasText: 'SHOP-UNPAID-1' })
    await expect.poll(() => unpaid.count()).toBe(1)
    expect(await unpaid.textContent()).toContain('Order without payment')
    expect(await unpaid.locator('td.num.bad').textContent()).toBe('-€49.90')
    expect(await page.getByRole('button', { name: 'Close day' }).isDisabled()).toBe(true)
    // Money only authorised is no money: such an order is a difference of its own, never "Matched".
    const authorisedOnly = testHost.app.paymentsSql().prepare("select reference from payments where status = 'Authorized' and created_at >= ? and created_at < ?").all(`${day}T00:00:00Z`, `${addDays(day, 1)}T00:00:00Z`) as { reference: string }[]
    expect(authorisedOnly.length).toBeGreaterThan(0)
    const open = page.locator('tr.problem').filter({ hasText: authorisedOnly[0]!.reference })
    await expect.poll(() => open.textContent()).toContain('Authorised, not captured')
    await page.screenshot({ path: screenshotPath('reconciliation-money-states-1280x800') })
    // Those are explained by a colleague (through the contract); the never-paid order is left to this screen.
    const lines = await dispatch(handlers, testHost.app.registry, 'recon.day', { day, timeZone: ZONE, limit: 2000 })
    if (!lines.ok) throw new Error(lines.error.message)
    for (const line of (lines.value as DayReconciliation).lines.filter((l) => needsExplaining(l) && l.reference !== 'SHOP-UNPAID-1')) {
      const explained = await dispatch(handlers, testHost.app.registry, 'recon.explain', { day, lineKey: line.key, note: `Checked with the shop (${line.state})` })
      if (!explained.ok) throw new Error(explained.error.message)
    }
    await page.reload()
    await expect.poll(() => unpaid.count()).toBe(1)
    // Drill down: the order as the file had it, and a payout's actions.
    await unpaid.getByRole('button', { name: 'SHOP-UNPAID-1' }).click()
    await expect.poll(() => unpaid.getByRole('note').textContent()).toContain('shop-orders.csv, line')
    const payouts = page.getByLabel('Payouts')
    await payouts.getByRole('button').first().click()
    await expect.poll(() => payouts.locator('.payout-actions tbody tr').count()).toBeGreaterThan(0)
    await page.screenshot({ path: screenshotPath('reconciliation-open-1280x800') })
    // The Explain button is on screen at 1280 px, not behind a sideways scroll.
    await unpaid.getByRole('button', { name: 'Explain…' }).scrollIntoViewIfNeeded()
    const explain = (await unpaid.getByRole('button', { name: 'Explain…' }).boundingBox())!
    expect(explain.x + explain.width).toBeLessThanOrEqual(1280)
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(1280)
    expect(await page.locator('.recon-lines').evaluate((t) => t.scrollWidth <= t.parentElement!.clientWidth + 1)).toBe(true)
    await unpaid.getByRole('button', { name: 'Explain…' }).click()
    await page.getByLabel('Explanation').fill('Paid by bank transfer, see statement 2211')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => page.locator('.day-state').textContent()).toContain('Balanced')
    await page.getByRole('button', { name: 'Close day' }).click()
    await expect.poll(() => page.locator('.day-state').textContent()).toMatch(/^Closed by/)
    expect(await page.getByRole('button', { name: 'Explain…' }).count()).toBe(0)
    await page.screenshot({ path: screenshotPath('reconciliation-closed-1280x800'), fullPage: true })

    await page.getByRole('button', { name: 'Export CSV' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Exported to' }).count()).toBe(1)
    const file = await page.getByRole('status').filter({ hasText: 'Exported to' }).locator('code').textContent()
    const records = parse(readFileSync(file!, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(records.find((r) => r.reference === 'SHOP-UNPAID-1')).toMatchObject({ state: 'order_without_payment', difference: '-49.90', explanation: 'Paid by bank transfer, see statement 2211' })
    // Closed, and said so in the file and its name.
    expect(records.at(-1)!.state).toMatch(new RegExp(`^day ${day} \\(UTC\\): closed by .+ at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\(UTC\\); exported `))
    expect(file).toMatch(new RegExp(`paydesk-reconciliation-${day}-closed-made-`))

    // Print / PDF: the browser host leaves it to the browser's own print, laid out for paper.
    await page.evaluate(() => {
      ;(window as unknown as { printed: boolean }).printed = false
      window.print = () => ((window as unknown as { printed: boolean }).printed = true)
    })
    await page.getByRole('button', { name: 'Print / PDF' }).click()
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: boolean }).printed)).toBe(true)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.sidebar').isVisible()).toBe(false)
    expect(await page.getByRole('status').filter({ hasText: 'Exported to' }).isVisible()).toBe(false)
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    await page.screenshot({ path: screenshotPath('reconciliation-print'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })

    // Reopened through the app's own dialog (Electron has no window.prompt), the reason kept.
    await page.getByRole('button', { name: 'Reopen day…' }).click()
    const reopen = page.getByRole('dialog', { name: /^Reopen/ })
    await reopen.getByRole('button', { name: 'Reopen day' }).click()
    await expect.poll(() => reopen.getByRole('alert').textContent()).toContain('Say why the day is reopened')
    await reopen.getByLabel('Why').fill('Bank transfer found to be for another order')
    await page.screenshot({ path: screenshotPath('reconciliation-reopen-1280x800') })
    await reopen.getByRole('button', { name: 'Reopen day' }).click()
    await expect.poll(() => reopen.count()).toBe(0)
    await expect.poll(() => page.locator('.day-state').textContent()).not.toMatch(/^Closed by/)
    expect(await page.getByText('reopened the day: “Bank transfer found to be for another order”').count()).toBe(1)
  })

  it('produced no console error and no CSP violation', () => {
    expect(problems).toEqual([])
  })
})
