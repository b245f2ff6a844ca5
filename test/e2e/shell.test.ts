import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SCREENS } from '../../src-renderer/screens'
import { readSecretKey } from '../../src-main/settings/settings-service'
import { launchChromium, screenshotPath, startTestHost } from '../fixtures/browser-host'
import { SANDBOX_SECRET_KEY, LIVE_SECRET_KEY } from '../fixtures/app-context'

let browserHandle: Awaited<ReturnType<typeof launchChromium>>
let testHost: Awaited<ReturnType<typeof startTestHost>>
let page: Page
const consoleProblems: string[] = []

beforeAll(async () => {
  mkdirSync(dirname(screenshotPath('x')), { recursive: true })
  testHost = await startTestHost()
  browserHandle = await launchChromium()
})
// Each test starts on a fresh page.
beforeEach(async () => {
  page = await browserHandle.context.newPage()
  // A CSP violation or a script error shows up here; the shell must produce none.
  page.on('console', (message) => {
    if (message.type() === 'error') consoleProblems.push(message.text())
  })
  page.on('pageerror', (error) => consoleProblems.push(error.message))
})
afterEach(async () => {
  await page.close()
})
const open = (route: string) => page.goto(`${testHost.host.url}#${route}`)

afterAll(async () => {
  await browserHandle?.close()
  await testHost?.close()
})

describe('the app shell in Chromium', () => {
  it('loads, drops the token from the address, and lands on Payments', async () => {
    await page.goto(testHost.host.url)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Payments')
    expect(page.url()).not.toContain('token=')
    expect(page.url()).toContain('#/payments')
  })

  it('reaches every screen from the navigation, and each says what it will hold', async () => {
    await open('/payments')
    for (const screen of SCREENS) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen.label, exact: true }).click()
      await expect.poll(() => page.locator('h1').textContent()).toBe(screen.title)
      expect(page.url()).toContain(`#/${screen.path}`)
      if (screen.empty && screen.path !== 'payments') expect(await page.getByRole('status').textContent()).toContain(screen.empty)
      await page.screenshot({ path: screenshotPath(`screen-${screen.path}`), fullPage: true })
    }
  })

  it('syncs from the Payments screen with a progress bar, then shows the totals', async () => {
    await open('/payments')
    // An empty list says why it is empty: here, nothing synced yet.
    await expect.poll(() => page.locator('.table-empty').textContent()).toContain('Nothing synced yet')
    expect(await page.getByLabel('Account: Simulator').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Sync now' }).click()
    await expect.poll(() => page.getByText(/Synced at .*: 1,200 new, 0 updated/).isVisible(), { timeout: 30_000 }).toBe(true)
    await expect.poll(() => page.getByTestId('totals').textContent()).toMatch(/1,200 payments at any date in \d currencies/)
    await page.screenshot({ path: screenshotPath('payments-synced'), fullPage: true })
  })

  it('moves through the navigation with the keyboard', async () => {
    await open('/payments')
    await page.getByRole('link', { name: 'Payments', exact: true }).focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Flagged payments')
  })

  it('refuses a bad key with a clear message and saves a good one without showing it', async () => {
    await open('/settings')
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(() => page.locator('.probe').textContent()).toContain('Connected to the built-in simulator')
    await page.getByRole('radio', { name: 'Checkout.com sandbox', exact: true }).check()
    await page.getByLabel('Secret key').fill(LIVE_SECRET_KEY)
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/production \(live\) secret key/)
    await page.screenshot({ path: screenshotPath('settings-refused-key'), fullPage: true })
    expect(readSecretKey(testHost.app.registry.secrets)).toBeNull()

    await page.getByLabel('Secret key').fill(SANDBOX_SECRET_KEY)
    await page.getByLabel('Account prefix').fill('abcd1234')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByText('Settings saved.').isVisible()).toBe(true)
    expect(await page.locator('.probe').count()).toBe(0)
    expect(readSecretKey(testHost.app.registry.secrets)).toBe(SANDBOX_SECRET_KEY)
    expect(await page.getByLabel('Secret key').inputValue()).toBe('')
    expect(await page.getByLabel('Secret key').getAttribute('placeholder')).toContain(SANDBOX_SECRET_KEY.slice(-4))
    expect(await page.content()).not.toContain(SANDBOX_SECRET_KEY.slice(8, -4))
    expect(await page.getByText('NOT ENCRYPTED').isVisible()).toBe(true)
    // Every screen says which account it shows.
    await expect.poll(() => page.getByLabel('Account: Sandbox').isVisible()).toBe(true)
    await page.screenshot({ path: screenshotPath('settings-saved'), fullPage: true })
  })

  it('produced no console error and no CSP violation', () => {
    expect(consoleProblems).toEqual([])
  })

  it('refuses a browser that comes without the host token', async () => {
    // A fresh context has no cookie from the first page.
    const stranger = await (await browserHandle.context.browser()!.newContext()).newPage()
    const response = await stranger.goto(testHost.host.origin + '/')
    expect(response?.status()).toBe(401)
    expect(await stranger.textContent('body')).toContain('open the address printed by `npm run web`')
    const apiStatus = await stranger.evaluate(async () => (await fetch('/api/call/settings.get', { method: 'POST', body: '{}' })).status)
    expect(apiStatus).toBe(401)
    await stranger.close()
  })
})
