import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath } from '../fixtures/browser-host'
import { syncedPage } from '../fixtures/synced-page'

// A manager's approval charts in the real UI on the seeded simulator: the chart draws, a bar or
// a point opens the payments list with as many payments as it counts, the table holds the same
// figures, and the CSV and PNG exports are written with the data shown.

const opened = syncedPage({ count: 1500, days: 30, seed: 13 }, 40, 'Europe/London')
let page: Page
let testHost: (typeof opened)['testHost']
const problems = opened.problems
beforeAll(() => {
  ;({ page, testHost } = opened)
})

const number = (text: string | null) => Number(text!.replaceAll(',', ''))
const listCount = async () => {
  await expect.poll(() => page.getByTestId('totals').textContent(), { timeout: 10_000 }).toMatch(/^\d[\d,]* payments/)
  return number(await page.getByTestId('totals').locator('strong').first().textContent())
}

describe('approval charts', () => {
  it('draws the approval rate per day with attempts as bars, and a bar opens that day’s attempted payments', async () => {
    await page.goto(`${testHost.host.url}#/charts?period=30d`)
    const chart = page.getByTestId('approval-chart')
    await chart.locator('.recharts-bar-rectangle').first().waitFor()
    await page.screenshot({ path: screenshotPath('charts-1280x800') })
    expect(await chart.locator('.recharts-line').count()).toBe(1)
    // The table behind the chart: a bucket's attempts, then the bar of the same day.
    await page.getByRole('button', { name: 'Show table' }).click()
    const rows = page.getByTestId('approval-table').locator('tbody tr')
    expect(await rows.count()).toBe(30)
    // A bar: the day it opens in the list has as many payments as the table says for that day.
    const figures = new Map(
      await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-bucket')!, tr.querySelector('td:last-child')!.textContent!] as [string, string])),
    )
    const bars = chart.locator('.recharts-bar-rectangle')
    const bar = (await bars.nth(Math.floor((await bars.count()) / 2)).boundingBox())!
    await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height - 4)
    await expect.poll(() => page.url()).toMatch(/from=\d{4}-\d{2}-\d{2}/)
    const day = /from=(\d{4}-\d{2}-\d{2})/.exec(page.url())![1]!
    expect(page.url()).toContain(`to=${day}`)
    const attempts = number(figures.get(day)!)
    expect(attempts).toBeGreaterThan(0)
    expect(page.url()).toContain('outcome=attempted')
    expect(await listCount()).toBe(attempts)
    expect(problems).toEqual([])
  })

  it('compares schemes: each series’ counts open a list of as many payments, and a point opens its day', async () => {
    await page.goto(`${testHost.host.url}#/charts?period=30d&by=scheme&grain=week&prev=1`)
    const chart = page.getByTestId('approval-chart')
    await chart.locator('.recharts-line').first().waitFor()
    const lines = await chart.locator('.recharts-line').count()
    // Each scheme, and the period before.
    expect(lines).toBeGreaterThanOrEqual(3)
    await page.screenshot({ path: screenshotPath('charts-by-scheme-1280x800') })
    const summary = page.getByTestId('approval-summary').locator('tbody tr').first()
    const scheme = await summary.locator('td').first().textContent()
    const figure = number(await summary.locator('a').textContent())
    await summary.locator('a').click()
    await expect.poll(() => page.url()).toContain(`scheme=${scheme}`)
    expect(await listCount()).toBe(figure)
    await page.goBack()
    // A point: hover the first series' last week, then click it.
    await chart.locator('.recharts-line').first().waitFor()
    await page.getByRole('button', { name: 'Show table' }).click()
    const lastWeek = page.getByTestId('approval-table').locator('tbody tr').last()
    const weekAttempts = number(await lastWeek.locator('td:nth-child(3) a').textContent())
    const first = await lastWeek.getAttribute('data-bucket')
    const box = (await chart.locator('.recharts-wrapper > svg.recharts-surface').boundingBox())!
    const bar = (await chart.locator('.recharts-bar-rectangle').last().boundingBox())!
    await page.mouse.move(bar.x + bar.width / 2, box.y + box.height / 2)
    const dot = chart.locator('.recharts-active-dot').first()
    await dot.waitFor()
    const tooltip = await page.locator('.chart-tooltip').textContent()
    expect(tooltip).toMatch(/approved \/ [\d,]+ attempts/)
    await page.screenshot({ path: screenshotPath('charts-tooltip-1280x800'), clip: { x: box.x - 20, y: box.y - 40, width: box.width + 40, height: box.height + 80 } })
    // Another series' dot at the same rate may lie on top of the first's: the others let the click through.
    await page.evaluate(() => document.querySelectorAll<SVGElement>('.recharts-active-dot').forEach((d, i) => i > 0 && (d.style.pointerEvents = 'none')))
    const at = (await dot.boundingBox())!
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2)
    await expect.poll(() => page.url()).toContain('outcome=attempted')
    expect(page.url()).toContain(`scheme=${scheme}`)
    expect(page.url()).toContain(`range=custom`)
    expect(page.url()).toContain(`from=${first}`)
    expect(await listCount()).toBe(weekAttempts)
    expect(problems).toEqual([])
  })

  it('exports the chart’s table as CSV and the chart as PNG, with the data shown', async () => {
    await page.goto(`${testHost.host.url}#/charts?period=7d`)
    const chart = page.getByTestId('approval-chart')
    await chart.locator('.recharts-bar-rectangle').first().waitFor()
    await page.getByRole('button', { name: 'Show table' }).click()
    const shown = await page
      .getByTestId('approval-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-bucket'), tr.querySelector('td:nth-child(3)')?.textContent ?? '']))
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const csvFile = (await page.getByTestId('chart-saved').textContent())!.replace(/^Saved /, '')
    expect(csvFile).toBe(join(testHost.app.dataDir, 'exports', csvFile.split('/').at(-1)!))
    const csv = readFileSync(csvFile, 'utf8').trim().split('\n')
    expect(csv[0]).toBe('period,bucket,first_day,last_day,time_zone,series,approved,attempts,approval_rate_percent')
    for (const [bucket, counts] of shown) {
      const line = csv.find((l) => l.startsWith(`this period,${bucket},`) && l.includes(',All payments,'))
      expect(line, bucket!).toBeDefined()
      const [approved, attempts] = String(counts).split(' / ').map(number)
      expect(line!.split(',').slice(6, 8).map(Number)).toEqual([approved, attempts])
      expect(line).toContain('Europe/London')
    }
    await page.getByRole('button', { name: 'Export PNG' }).click()
    await expect.poll(() => page.getByTestId('chart-saved').textContent()).toMatch(/\.png$/)
    const pngFile = (await page.getByTestId('chart-saved').textContent())!.replace(/^Saved /, '')
    const png = readFileSync(pngFile)
    copyFileSync(pngFile, screenshotPath('charts-exported-png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // Twice the chart's size on screen, with its title line.
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000)
    expect(problems).toEqual([])
  })

  it('renders the weekly report with the screens’ figures and prints it to a one-page PDF through Chromium', async () => {
    await page.goto(`${testHost.host.url}#/charts/weekly`)
    await page.getByTestId('report-money').waitFor()
    const scope = await page.getByTestId('report-scope').textContent()
    expect(scope).toContain('Monday to Sunday in Europe/London')
    await page.screenshot({ path: screenshotPath('weekly-report-1280x800') })
    // The same week's approval as the charts screen gives for those days.
    const monday = await page.locator('select[name=week]').inputValue()
    const sunday = new Date(Date.parse(monday) + 6 * 86_400_000).toISOString().slice(0, 10)
    const reportAttempts = number(await page.getByTestId('report-approval').locator('a').textContent())
    const reportFlagged = number(await page.getByTestId('report-flagged').locator('a').textContent())
    // The browser host prints with the browser's own print: Chromium's PDF of the print layout.
    await page.emulateMedia({ media: 'print' })
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    await page.emulateMedia({ media: 'screen' })
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-weekly-'))
    writeFileSync(join(dir, 'weekly.pdf'), pdf)
    const info = execFileSync('pdfinfo', [join(dir, 'weekly.pdf')], { encoding: 'utf8' })
    expect(info).toMatch(/Pages:\s+1\n/)
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'weekly.pdf'), '-'], { encoding: 'utf8' })
    expect(text).toContain('Weekly report')
    expect(text).toContain('Top decline codes')
    expect(text).not.toContain('Print / PDF')
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, 'weekly.pdf'), screenshotPath('weekly-report-pdf-page1').replace(/\.png$/, '')])
    // The report's figures open lists of as many payments.
    await page.getByTestId('report-approval').locator('a').click()
    expect(page.url()).toContain(`from=${monday}`)
    expect(page.url()).toContain(`to=${sunday}`)
    expect(await listCount()).toBe(reportAttempts)
    await page.goBack()
    await page.getByTestId('report-flagged').locator('a').click()
    expect(await listCount()).toBe(reportFlagged)
    expect(problems).toEqual([])
  })
})
