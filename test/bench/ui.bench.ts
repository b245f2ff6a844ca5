import { join } from 'node:path'
import { createAppContext } from '../../src-main/app-context'
import { handlers } from '../../src-main/handlers'
import { startHost } from '../../src-main/host/server'
import { memoryLogger } from '../../src-main/logger'
import { createFileSecretStore } from '../../src-main/settings/secret-store'
import { launchChromium, RENDERER_DIR } from '../fixtures/browser-host'
import { report } from './measure'

// In Debian's Chromium, on a store of a million payments: the time from a filter change to
// the new rows painted (the change event, the list and totals calls, React, the next frame).
export async function benchFilterToPaint(dataDir: string, runs = 5): Promise<void> {
  const app = await createAppContext({ dataDir, secrets: createFileSecretStore(join(dataDir, 'secrets.json')), logger: memoryLogger(), runtime: 'web', simulatorSeed: null })
  const host = await startHost({ ctx: app.ctx, handlers, rendererDir: RENDERER_DIR })
  const browser = await launchChromium()
  try {
    const page = await browser.context.newPage()
    await page.goto(host.url)
    await page.locator('.tbody [role=row]').first().waitFor()
    const statuses = ['Declined', 'Refunded', 'Authorized', 'Voided', 'Captured']
    const times: number[] = []
    for (let i = 0; i < runs * 4; i++) {
      const status = statuses[i % statuses.length]!
      // A string, not a function: tsx would wrap a function's inner helpers in __name(), which the page lacks.
      const ms = (await page.evaluate(`(async (value) => {
        const select = document.querySelector('select[name=status]')
        const started = performance.now()
        select.value = value
        select.dispatchEvent(new Event('change', { bubbles: true }))
        await new Promise((resolve) => {
          const check = () => {
            const badges = [...document.querySelectorAll('.tbody [role=row] .badge')]
            if (badges.length > 0 && badges.every((b) => b.textContent === value)) requestAnimationFrame(() => resolve())
            else requestAnimationFrame(check)
          }
          check()
        })
        return performance.now() - started
      })(${JSON.stringify(status)})`)) as number
      times.push(ms)
    }
    report('chromium: filter change to rows painted (1M)', times, 'ms')
  } finally {
    await browser.close()
    await host.close()
    await app.close()
  }
}
