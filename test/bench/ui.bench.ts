import { handlers } from '../../src-main/app/handler-map'
import { startHost } from '../../src-main/host/server'
import { launchChromium, RENDERER_DIR } from '../fixtures/browser-host'
import { openBenchApp } from './list.bench'
import { report } from './measure'

// In Debian's Chromium, on the large store: what the first screen loads, and the time from a
// click in the Status filter to the new rows painted (the click, the filter's short debounce,
// the address, the list and totals calls, React, the next frame).
export async function benchFilterToPaint(dataDir: string, runs: number, label: string): Promise<void> {
  const app = await openBenchApp(dataDir, 'web')
  const host = await startHost({ registry: app.registry, handlers, rendererDir: RENDERER_DIR })
  const browser = await launchChromium()
  try {
    const page = await browser.context.newPage()
    const scripts: number[] = []
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) void response.body().then((body) => scripts.push(body.length), () => {})
    })
    await page.goto(`${host.url}#/payments`)
    await page.locator('.tbody [role=row]').first().waitFor()
    await page.waitForLoadState('networkidle')
    report('chromium: JS loaded for the Payments screen (minified)', [scripts.reduce((s, n) => s + n, 0) / 1024], 'KB')
    // A reload (the browser warm, the store's pages cached), to the first rows on screen.
    const loads: number[] = []
    for (let i = 0; i < Math.max(runs, 1); i++) {
      const started = performance.now()
      await page.reload()
      await page.locator('.tbody [role=row]').first().waitFor()
      loads.push(performance.now() - started)
    }
    report(`chromium (${label}): reload to first rows painted`, loads, 'ms')

    const statuses = ['Declined', 'Refunded', 'Authorized', 'Voided', 'Captured']
    const times: number[] = []
    let previous: string | null = null
    // The filter panel folds away by default: open it first.
    if ((await page.locator('summary[data-name=status]').count()) === 0) await page.getByRole('button', { name: /^Filters/ }).click()
    await page.locator('summary[data-name=status]').click()
    for (let i = 0; i < Math.max(runs * 4, 4); i++) {
      const status = statuses[i % statuses.length]!
      // A string, not a function: tsx would wrap a function's inner helpers in __name(), which the page lacks.
      const ms = (await page.evaluate(`(async ([value, previous]) => {
        const box = (v) => document.querySelector('input[type=checkbox][name=status][value="' + v + '"]')
        const started = performance.now()
        if (previous) box(previous).click()
        box(value).click()
        await new Promise((resolve) => {
          const check = () => {
            const badges = [...document.querySelectorAll('.tbody [role=row] .badge')]
            if (badges.length > 0 && badges.every((b) => b.textContent === value)) requestAnimationFrame(() => resolve())
            else requestAnimationFrame(check)
          }
          check()
        })
        return performance.now() - started
      })(${JSON.stringify([status, previous])})`)) as number
      times.push(ms)
      previous = status
    }
    report(`chromium (${label}): status filter click to rows painted`, times, 'ms')

    // A status tab (its count and the other five tabs' counts come with it).
    await page.keyboard.press('Escape')
    const tabs: number[] = []
    for (let i = 0; i < Math.max(runs * 2, 2); i++) {
      for (const [tab, badge] of [['declined', 'Declined'], ['refunded', 'Refunded']] as const) {
        const ms = (await page.evaluate(`(async ([tab, badge]) => {
          const started = performance.now()
          document.querySelector('[data-tab="' + tab + '"]').click()
          await new Promise((resolve) => {
            const check = () => {
              const badges = [...document.querySelectorAll('.tbody [role=row] .badge')]
              if (badges.length > 0 && badges.every((b) => b.textContent === badge || (badge === 'Refunded' && b.textContent === 'Partially Refunded'))) requestAnimationFrame(() => resolve())
              else requestAnimationFrame(check)
            }
            check()
          })
          return performance.now() - started
        })(${JSON.stringify([tab, badge])})`)) as number
        tabs.push(ms)
      }
    }
    report(`chromium (${label}): status tab click to rows painted`, tabs, 'ms')

    // The Charts screen: from opening it (its code already loaded once) to the schemes' lines
    // drawn for 90 days (a fresh mount: no earlier figures shown); each run another 90 days, so
    // the data is counted anew every time.
    await page.goto(`${host.url}#/charts?period=custom&from=2026-08-03&to=2026-10-31&by=issuer_country`)
    await page.locator('[data-testid=approval-chart] .recharts-line').first().waitFor()
    const paints: number[] = []
    for (let i = 0; i < Math.max(runs * 2, 2); i++) {
      const end = new Date(Date.parse('2026-10-31') - i * 86_400_000).toISOString().slice(0, 10)
      const start = new Date(Date.parse(end) - 89 * 86_400_000).toISOString().slice(0, 10)
      await page.evaluate(`location.hash = '#/payments'`)
      await page.locator('.tbody [role=row]').first().waitFor()
      const ms = (await page.evaluate(`(async ([start, end]) => {
        const started = performance.now()
        location.hash = '#/charts?period=custom&from=' + start + '&to=' + end + '&by=scheme'
        await new Promise((resolve) => {
          const check = () => {
            const title = document.querySelector('[aria-label="Approval rate chart"] h2')
            const drawn = document.querySelectorAll('[data-testid=approval-chart] .recharts-line path.recharts-curve').length
            if (title && title.textContent.includes('by scheme') && drawn > 0) requestAnimationFrame(() => resolve())
            else requestAnimationFrame(check)
          }
          check()
        })
        return performance.now() - started
      })(${JSON.stringify([start, end])})`)) as number
      paints.push(ms)
    }
    report(`chromium (${label}): Charts screen opened to 90 days x schemes drawn`, paints, 'ms')
  } finally {
    await browser.close()
    await host.close()
    await app.close()
  }
}
