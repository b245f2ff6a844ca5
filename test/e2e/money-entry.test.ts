import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath } from '../fixtures/browser-host'
import { syncedPage } from '../fixtures/synced-page'

// Money entry as a German support agent in Tokyo types it, and the money actions that must never
// happen twice: the same charge from two forms, and an answer lost until the next day (both
// clocks moved). Each ends with exactly one effect at the simulator.

const opened = syncedPage({ count: 400, days: 10, seed: 41 }, 15, 'Asia/Tokyo', { locale: 'de-DE', timezoneId: 'Asia/Tokyo' }, { quietBackground: true })
let page: Page
let testHost: (typeof opened)['testHost']
beforeAll(() => {
  ;({ page, testHost } = opened)
})
const sim = () => testHost.app.registry.simulator.current()!
const simPayments = (reference: string) => Object.values(sim().ctx.state.payments).filter((p) => p.reference === reference)
const outcome = () => page.getByRole('region', { name: 'Outcome' })
const receipt = () => outcome().getByRole('region', { name: 'Receipt' })
const YEAR = new Date().getUTCFullYear() + 3
const DAY_AND_A_BIT_MS = 90_000 * 1000

/** A customer at Checkout.com with a default Visa, opened on the New payment screen. */
async function payingCustomer(name: string) {
  const client = await testHost.app.registry.checkout.client()
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${randomUUID().slice(0, 6)}@example.com`
  const { id } = await client.createCustomer(randomUUID(), { email, name })
  const token = await client.createCardToken(randomUUID(), { number: '4242424242424242', expiry_month: 11, expiry_year: YEAR, cvv: '100' })
  await client.createInstrument(randomUUID(), { type: 'token', token: token.token, customer: { id, default: true } })
  await page.goto(`${testHost.host.url}#/new-payment`)
  await page.getByRole('combobox', { name: 'Find the customer' }).fill(email)
  await page.getByRole('option').first().waitFor()
  await page.keyboard.press('Enter')
  await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
  await expect.poll(() => page.getByLabel('Reference').inputValue()).toMatch(/^PH-/)
  return { id, email }
}

/** Moves Checkout.com's clock (the simulator's) and this computer's (the app's) on by the same time. */
function moveBothClocks(ms: number) {
  sim().advanceClock(ms)
  const before = testHost.app.registry.clock
  testHost.app.registry.clock = () => new Date(before().getTime() + ms)
}

describe('an amount typed the German way', () => {
  it('12,50 is charged as 12,50, shown so on the button before it is sent, and found by the list search as typed', async () => {
    const customer = await payingCustomer('Grete Komma')
    await page.getByLabel('Currency').selectOption('EUR')
    await page.getByLabel('Amount').fill('12,50')
    const button = page.getByRole('button', { name: /^Charge/ })
    await expect.poll(() => button.textContent()).toMatch(/^Charge 12,50\s€$/)
    await page.screenshot({ path: screenshotPath('money-entry-de-1-button') })
    const reference = await page.getByLabel('Reference').inputValue()
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    expect(simPayments(reference)).toMatchObject([{ amount: 1250, currency: 'EUR', customerId: customer.id }])
    expect(await receipt().textContent()).toMatch(/Amount: 12,50\s€ \(charged\)/)
    await page.screenshot({ path: screenshotPath('money-entry-de-2-approved') })
    // The list shows 12,50 € and its search finds what it shows.
    await page.goto(`${testHost.host.url}#/payments?q=${encodeURIComponent('12,50')}`)
    await expect.poll(() => page.locator('.tbody [role=row]').filter({ hasText: reference }).count(), { timeout: 10_000 }).toBe(1)
  })

  it('a point in German is not a decimal point: 12.50 is refused with the reading it may mean, nothing sent', async () => {
    await payingCustomer('Punkt Paul')
    const requests = sim().requestCount()
    await page.getByLabel('Amount').fill('12.50')
    await page.keyboard.press('Enter')
    const error = await page.getByLabel('Amount').evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '')
    expect(error).toBe('German (Germany) writes amounts like 1.234,56. Did you mean 12,50?')
    expect(sim().requestCount()).toBe(requests)
    await page.screenshot({ path: screenshotPath('money-entry-de-3-refused') })
  })

  it('a currency changed after the amount was typed is shown again, not sent by Enter', async () => {
    await payingCustomer('Wechsel Wim')
    const reference = await page.getByLabel('Reference').inputValue()
    await page.getByLabel('Amount').fill('1250')
    await page.getByLabel('Currency').selectOption('JPY')
    await page.getByLabel('Amount').focus()
    await page.keyboard.press('Enter')
    const error = await page.getByLabel('Amount').evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '')
    expect(error).toMatch(/^The currency changed to JPY after the amount was typed: it now reads 1\.250\s¥\./)
    expect(simPayments(reference)).toHaveLength(0)
    // Seen, the next Enter sends what the button says.
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    expect(simPayments(reference)).toMatchObject([{ amount: 1250, currency: 'JPY' }])
  })
})

describe('never twice', () => {
  it('a capture whose answer was lost, opened the next day (both clocks moved): one capture', async () => {
    const row = testHost.app.paymentsSql().prepare("select id, amount, currency from payments where status = 'Authorized' and currency = 'GBP' and amount >= 1000 order by created_at desc limit 1").get() as { id: string; amount: number; currency: string }
    await page.goto(`${testHost.host.url}#/payments/${row.id}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Checking Checkout.com' }).count()).toBe(0)
    // Processed at Checkout.com five times over, its answer lost each time.
    sim().setFaults({ next: Array(5).fill('reset'), retryAfterSeconds: 0 })
    await page.getByRole('button', { name: 'Capture', exact: true }).click()
    await page.getByRole('dialog').getByLabel(/^Amount/).fill('4')
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm capture' }).click()
    await expect.poll(() => page.getByRole('dialog').getByRole('alert').filter({ hasText: 'may have gone through' }).count(), { timeout: 20_000 }).toBe(1)
    sim().setFaults({ next: [] })
    // Before Paydesk asks again by itself (5 s), a day passes on both clocks: the key is gone at Checkout.com.
    moveBothClocks(DAY_AND_A_BIT_MS)
    await page.goto(`${testHost.host.url}#/payments`)
    await page.goto(`${testHost.host.url}#/payments/${row.id}`)
    // Opening it reads its actions at Checkout.com, finds the capture by its tag and sends nothing.
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Outcome unknown' }).count(), { timeout: 15_000 }).toBe(0)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Partially Captured')
    expect(sim().ctx.state.payments[row.id]!.actions.filter((a) => a.type === 'Capture').map((a) => a.amount)).toEqual([400])
    await page.screenshot({ path: screenshotPath('money-entry-5-capture-settled'), fullPage: true })
  })

  it('a phone payment whose answer was lost, checked the next day (both clocks moved): one payment', async () => {
    await payingCustomer('Verloren Vera')
    const reference = await page.getByLabel('Reference').inputValue()
    sim().setFaults({ next: Array(6).fill('reset') })
    await page.getByLabel('Amount').fill('33')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: 'No answer from Checkout.com yet' }).waitFor({ timeout: 40_000 })
    sim().setFaults({})
    expect(simPayments(reference)).toHaveLength(1)
    await page.screenshot({ path: screenshotPath('money-entry-6-receipt-unknown') })
    expect(await receipt().textContent()).toContain('not known whether it was charged')
    moveBothClocks(DAY_AND_A_BIT_MS)
    await page.reload()
    const banner = page.getByRole('region', { name: 'Payments without an answer' }).getByRole('listitem').filter({ hasText: reference })
    await banner.getByRole('button', { name: 'Check with Checkout.com' }).click()
    await banner.getByText(/Approved \(pay_/).waitFor()
    expect(simPayments(reference)).toHaveLength(1)
  })
})

describe('finding the caller', () => {
  it('Enter with two customers of the same name asks which one, showing what tells them apart', async () => {
    const client = await testHost.app.registry.checkout.client()
    const name = `Namens Vetter ${randomUUID().slice(0, 4)}`
    const emails = [`a.${randomUUID().slice(0, 6)}@example.com`, `b.${randomUUID().slice(0, 6)}@example.com`]
    for (const email of emails) {
      await client.createCustomer(randomUUID(), { email, name })
      // Looked up at Checkout.com by email once, and so kept on this computer.
      await page.goto(`${testHost.host.url}#/new-payment`)
      await page.getByRole('combobox', { name: 'Find the customer' }).fill(email)
      await page.getByRole('option').first().waitFor()
    }
    await page.goto(`${testHost.host.url}#/new-payment`)
    await page.getByRole('combobox', { name: 'Find the customer' }).fill(name)
    await expect.poll(() => page.getByRole('option').count()).toBe(2)
    await page.keyboard.press('Enter')
    const asked = page.getByRole('alert').filter({ hasText: `2 customers are called ${name}` })
    await asked.waitFor()
    expect(await page.getByRole('region', { name: 'Chosen customer' }).count()).toBe(0)
    for (const email of emails) expect(await page.getByRole('option').filter({ hasText: email }).count()).toBe(1)
    await page.screenshot({ path: screenshotPath('money-entry-10-namesakes') })
    await page.keyboard.press('ArrowDown')
    const second = (await page.getByRole('option').nth(1).textContent())!
    await page.keyboard.press('Enter')
    const chosen = page.getByRole('region', { name: 'Chosen customer' })
    await chosen.waitFor()
    expect(second).toContain((await chosen.textContent())!.match(/[ab]\.\w{6}@example\.com/)![0])
  })
})

describe('the receipt says what happened', () => {
  it('for an authorisation only, a decline and a payment waiting for 3-D Secure', async () => {
    await payingCustomer('Beleg Berta')
    await page.getByLabel('Amount').fill('20')
    await page.getByRole('radio', { name: /Authorise only/ }).check()
    await page.getByRole('button', { name: /^Authorise/ }).click()
    await outcome().getByRole('heading', { name: /^Authorised: not charged/ }).waitFor()
    expect(await receipt().textContent()).toContain('(authorised only: not charged until it is captured)')
    await outcome().screenshot({ path: screenshotPath('money-entry-7-receipt-authorised') })

    await outcome().getByRole('button', { name: 'New payment' }).click()
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    await page.getByLabel('Amount').fill('10,51')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: /^Declined/ }).waitFor()
    const declined = (await receipt().textContent())!
    expect(declined).toContain('(not charged)')
    expect(declined).not.toContain('(charged)')
    // Said once: "Tell the caller: it did not go through", not "Tell the caller: ... Tell the caller".
    expect((await outcome().textContent())!.match(/Tell the caller/gi)).toHaveLength(1)
    await outcome().screenshot({ path: screenshotPath('money-entry-8-receipt-declined') })

    await outcome().getByRole('button', { name: 'Try another card' }).click()
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    await page.getByLabel('Amount').fill('80')
    await page.getByText('Metadata and 3-D Secure').click()
    await page.getByLabel(/Ask for 3-D Secure/).check()
    await page.getByRole('button', { name: /^Charge/ }).click()
    await outcome().getByRole('heading', { name: 'Waiting for 3-D Secure' }).waitFor()
    expect(await outcome().getByTestId('three-ds-link').textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    await outcome().getByRole('button', { name: 'Copy the 3-D Secure link' }).waitFor()
    expect(await receipt().textContent()).toContain('(not charged yet: the cardholder must authenticate first)')
    await outcome().screenshot({ path: screenshotPath('money-entry-9-receipt-3ds') })
  })
})
