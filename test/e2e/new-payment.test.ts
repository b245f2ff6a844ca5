import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath } from '../fixtures/browser-host'
import { syncedPage } from '../fixtures/synced-page'

// A support agent's phone order in the real UI against the simulator: find the caller, charge
// a saved card in a few keystrokes, take a new card without keeping it, never charge twice.

const opened = syncedPage({ count: 600, days: 20, seed: 31 }, 30, 'Europe/London', {}, { quietBackground: true })
let page: Page
let testHost: (typeof opened)['testHost']
beforeAll(() => {
  ;({ page, testHost } = opened)
})
const sim = () => testHost.app.registry.simulator.current()!
const simPayments = (reference: string) => Object.values(sim().ctx.state.payments).filter((p) => p.reference === reference)
const YEAR = new Date().getUTCFullYear() + 3

/** A customer made at Checkout.com (not yet on this computer) with saved cards, the first the default. */
async function customerWithCards(name: string, cards: { number: string; cvv: string }[]) {
  const client = await testHost.app.registry.checkout.client()
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${randomUUID().slice(0, 6)}@example.com`
  const { id } = await client.createCustomer(randomUUID(), { email, name })
  const sources: string[] = []
  for (const [i, card] of cards.entries()) {
    const token = await client.createCardToken(randomUUID(), { number: card.number, expiry_month: 11, expiry_year: YEAR, cvv: card.cvv })
    sources.push((await client.createInstrument(randomUUID(), { type: 'token', token: token.token, customer: { id, default: i === 0 } })).id)
  }
  return { id, email, sources }
}

/** Opens New payment and finds the customer by email (asked of Checkout.com, as none is here yet). */
async function findCustomer(query: string) {
  await page.goto(`${testHost.host.url}#/new-payment`)
  const search = page.getByRole('combobox', { name: 'Find the customer' })
  await search.fill(query)
  await page.getByRole('option').first().waitFor()
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Find the customer')
}

const outcome = () => page.getByRole('region', { name: 'Outcome' })

describe('a phone payment with a saved card', () => {
  it('is approved in at most 6 keystrokes after the customer is found, with the advice, checks and a receipt', async () => {
    const kim = await customerWithCards('Keystroke Kim', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(kim.email)
    await page.screenshot({ path: screenshotPath('new-payment-1-customer') })
    let keys = 0
    const press = async (key: string) => {
      keys++
      await page.keyboard.press(key)
    }
    await press('Enter')
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    expect(await page.getByRole('radio', { name: /Visa •••• 4242/ }).isChecked()).toBe(true)
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('amount')
    await press('4')
    await press('2')
    await page.screenshot({ path: screenshotPath('new-payment-2-form') })
    await press('Enter')
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    expect(keys).toBeLessThanOrEqual(6)
    const reference = (await outcome().getByRole('region', { name: 'Receipt' }).textContent())!.match(/Reference: (PH-\d{6}-\w{4})/)![1]!
    const made = simPayments(reference)
    expect(made).toHaveLength(1)
    expect(made[0]).toMatchObject({ amount: 4200, currency: 'GBP', payment_type: 'MOTO', customerId: kim.id, sourceId: kim.sources[0] })
    await expect.poll(() => outcome().textContent()).toContain('Tell the caller: the payment went through')
    const receipt = (await outcome().getByRole('region', { name: 'Receipt' }).textContent())!
    expect(receipt).toContain('£42.00')
    expect(receipt).toContain('Visa ending 4242')
    expect(receipt).toContain(`Authorisation code: ${made[0]!.auth_code}`)
    expect(receipt).toContain('(Europe/London)')
    await page.screenshot({ path: screenshotPath('new-payment-3-approved') })
    // The payment's detail is on this computer already.
    await outcome().getByRole('link', { name: 'Open the payment' }).click()
    await expect.poll(() => page.url()).toContain(`#/payments/${made[0]!.id}`)
    await expect.poll(() => page.getByText(reference).count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByText('MOTO').count()).toBeGreaterThan(0)
  })

  it('says what to tell the caller after a soft and a hard decline', async () => {
    const dee = await customerWithCards('Declined Dee', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(dee.email)
    await page.keyboard.press('Enter')
    await page.getByLabel('Amount').fill('10.51')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: /Declined: Insufficient funds/ }).waitFor()
    expect(await outcome().textContent()).toContain('They can try again later (once, not straight away) or give another card')
    expect(await outcome().textContent()).toContain('Soft decline (20051)')
    await page.screenshot({ path: screenshotPath('new-payment-4-soft-decline') })
    await outcome().getByRole('button', { name: 'Try another card' }).click()
    await page.getByLabel('Amount').fill('10.33')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: /^Declined/ }).waitFor()
    expect(await outcome().textContent()).toContain('Do not try it again: ask for another card')
    expect(await outcome().textContent()).toContain('Hard decline (30033)')
  })

  it('does not offer a card that expired on file', async () => {
    const eve = await customerWithCards('Expired Eve', [
      { number: '4242424242424242', cvv: '100' },
      { number: '5436031030606378', cvv: '257' },
    ])
    sim().ctx.state.sources[eve.sources[1]!]!.expiry_year = 2021
    await findCustomer(eve.email)
    await page.keyboard.press('Enter')
    const expired = page.getByRole('radio', { name: /Mastercard •••• 6378/ })
    await expired.waitFor()
    expect(await expired.isDisabled()).toBe(true)
    expect(await page.locator('.saved-card.expired').textContent()).toContain('Expired')
    expect(await page.getByRole('radio', { name: /Visa •••• 4242/ }).isChecked()).toBe(true)
    await page.screenshot({ path: screenshotPath('new-payment-5-expired-card') })
  })
})

describe('a new card', () => {
  it('can be saved on the customer without charging, then offered', async () => {
    const sam = await customerWithCards('Saved Sam', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(sam.email)
    await page.keyboard.press('Enter')
    await page.getByRole('radio', { name: /A new card/ }).check()
    await page.getByLabel('Card number').fill('5436 0310 3060 6378')
    await page.getByLabel('Expiry').fill(`09/${String(YEAR).slice(-2)}`)
    await page.getByLabel('CVV', { exact: true }).fill('257')
    const payments = Object.keys(sim().ctx.state.payments).length
    await page.getByRole('button', { name: 'Save the card without charging' }).click()
    const added = page.getByRole('radio', { name: /Mastercard •••• 6378/ })
    await added.waitFor()
    expect(await added.isChecked()).toBe(true)
    expect(sim().ctx.state.customers[sam.id]!.instruments).toHaveLength(2)
    expect(sim().ctx.state.customers[sam.id]!.defaultInstrument).toBe(sam.sources[0])
    expect(Object.keys(sim().ctx.state.payments)).toHaveLength(payments)
  })

  it('is tokenised, saved on the customer and reused; neither its number nor its CVV is kept anywhere', async () => {
    await page.goto(`${testHost.host.url}#/new-payment`)
    const email = `nina.${randomUUID().slice(0, 6)}@example.com`
    await page.getByRole('button', { name: 'New customer' }).click()
    const form = page.getByRole('form', { name: 'New customer' })
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Name').fill('New Nina')
    await form.getByLabel('Phone').fill('+44 7700 900555')
    await form.getByRole('button', { name: 'Create customer' }).click()
    await page.getByRole('region', { name: 'Chosen customer' }).getByText('New Nina').waitFor()
    expect(await page.getByRole('radio', { name: /A new card/ }).isChecked()).toBe(true)
    await page.getByLabel('Card number').fill('4543 4740 0224 9996')
    await page.getByLabel('Expiry').fill(`06/${String(YEAR).slice(-2)}`)
    await page.getByLabel('CVV', { exact: true }).fill('956')
    await page.getByLabel('Amount').fill('19.99')
    expect(await page.getByLabel('Save this card').isChecked()).toBe(true)
    await page.screenshot({ path: screenshotPath('new-payment-6-new-card') })
    await page.getByRole('button', { name: /^Charge/ }).click()
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    expect(await outcome().textContent()).toContain('•••• 9996')
    expect(await outcome().textContent()).toContain('CVV check')

    // Next order: the saved card is offered, and chosen.
    await outcome().getByRole('button', { name: 'New payment' }).click()
    const saved = page.getByRole('radio', { name: /Visa •••• 9996/ })
    await saved.waitFor()
    expect(await saved.isChecked()).toBe(true)
    await page.getByLabel('Amount').fill('5')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    const customer = Object.values(sim().ctx.state.customers).find((c) => c.email === email)!
    expect(customer.instruments).toHaveLength(1)
    expect(Object.values(sim().ctx.state.payments).filter((p) => p.customerId === customer.id && p.sourceId === customer.instruments[0])).toHaveLength(2)

    // The data folder (SQLite files and their WAL, logs, exports) and the page's storage.
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else files.push(path)
      }
    }
    walk(testHost.app.dataDir)
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true)
    for (const file of files) {
      const text = readFileSync(file).toString('latin1')
      expect(text, file).not.toContain('4543474002249996')
      expect(text, file).not.toContain('4543 4740 0224 9996')
      expect(text, file).not.toMatch(/"cvv"\s*:\s*"956"/)
    }
    const storage = await page.evaluate(async () => {
      const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join('\n')
      const databases = (await indexedDB.databases()).map((d) => d.name).join(',')
      return `${dump(localStorage)}\n${dump(sessionStorage)}\n${databases}\n${document.documentElement.outerHTML}`
    })
    expect(storage).not.toContain('4543474002249996')
    expect(storage).not.toContain('4543 4740 0224 9996')
    expect(storage).not.toContain('956')
  })
})

describe('never twice', () => {
  it('asks before the same customer and amount within 10 minutes, though each form has its own reference', async () => {
    const dan = await customerWithCards('Double Dan', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(dan.email)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByLabel('Reference').inputValue()).toMatch(/^PH-/)
    const first = await page.getByLabel('Reference').inputValue()
    await page.getByLabel('Amount').fill('25')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    await outcome().getByRole('button', { name: 'New payment' }).click()
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    await expect.poll(() => page.getByLabel('Reference').inputValue()).toMatch(/^PH-/)
    const reference = await page.getByLabel('Reference').inputValue()
    expect(reference).not.toBe(first)
    await page.getByLabel('Amount').fill('25.00')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('alertdialog', { name: 'Charge this again?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain(first)
    await page.screenshot({ path: screenshotPath('new-payment-7-duplicate') })
    await dialog.getByRole('button', { name: 'Do not charge' }).click()
    expect(simPayments(first)).toHaveLength(1)
    expect(simPayments(reference)).toHaveLength(0)
    await page.getByRole('button', { name: /^Charge/ }).click()
    await dialog.getByRole('button', { name: 'Charge again' }).click()
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    expect(simPayments(reference)).toHaveLength(1)
    expect(Object.values(sim().ctx.state.payments).filter((p) => p.customerId === dan.id)).toHaveLength(2)
  })

  it('a timeout during submit, then a retry: exactly one payment at the simulator', async () => {
    const tim = await customerWithCards('Timeout Tim', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(tim.email)
    await page.keyboard.press('Enter')
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    await expect.poll(() => page.getByLabel('Reference').inputValue()).toMatch(/^PH-/)
    const reference = await page.getByLabel('Reference').inputValue()
    // Each attempt is processed and its answer never comes (the connection is dropped after a while).
    sim().setFaults({ next: Array(6).fill('timeout'), timeoutMs: 700 })
    await page.getByLabel('Amount').fill('30')
    await page.keyboard.press('Enter')
    expect(await page.getByRole('button', { name: 'Sending…' }).isDisabled()).toBe(true)
    await outcome().getByRole('heading', { name: 'No answer from Checkout.com yet' }).waitFor({ timeout: 40_000 })
    sim().setFaults({})
    expect(simPayments(reference)).toHaveLength(1)
    await page.screenshot({ path: screenshotPath('new-payment-8-no-answer') })
    await outcome().getByRole('button', { name: /Check again/ }).click()
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor()
    expect(simPayments(reference)).toHaveLength(1)
  })

  it('after a reload, an unanswered request is listed and settled by asking Checkout.com, then sent only when the agent says', async () => {
    const una = await customerWithCards('Unsent Una', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(una.email)
    await page.keyboard.press('Enter')
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    await expect.poll(() => page.getByLabel('Reference').inputValue()).toMatch(/^PH-/)
    const reference = await page.getByLabel('Reference').inputValue()
    // Refused before it is handled: nothing is made, and no answer says so.
    sim().setFaults({ next: Array(6).fill('503') })
    await page.getByLabel('Amount').fill('12')
    await page.keyboard.press('Enter')
    await outcome().getByRole('heading', { name: 'No answer from Checkout.com yet' }).waitFor({ timeout: 40_000 })
    sim().setFaults({})
    await page.reload()
    const banner = page.getByRole('region', { name: 'Payments without an answer' }).getByRole('listitem').filter({ hasText: reference })
    await banner.waitFor()
    await banner.getByRole('button', { name: 'Check with Checkout.com' }).click()
    await banner.getByText('Checkout.com has no payment with this reference.').waitFor()
    expect(simPayments(reference)).toHaveLength(0)
    await page.screenshot({ path: screenshotPath('new-payment-9-unresolved') })
    await banner.getByRole('button', { name: 'Send it now' }).click()
    await banner.getByText(/Approved \(pay_/).waitFor()
    expect(simPayments(reference)).toHaveLength(1)
  })
})

describe('the form', () => {
  it('checks each rule with its message and sends nothing', async () => {
    const val = await customerWithCards('Valid Val', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(val.email)
    await page.keyboard.press('Enter')
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    const before = sim().requestCount()
    const charge = () => page.getByRole('button', { name: /^Charge/ }).click()
    const errorOf = (label: string, exact = false) => page.getByLabel(label, { exact }).evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '')

    await charge()
    expect(await errorOf('Amount')).toBe('Type the amount.')
    for (const [amount, message] of [
      ['12.345', 'GBP amounts have at most 2 decimals, like 1,234.56.'],
      ['0', 'The amount must be above zero.'],
      ['ten', 'Type the amount in digits, like 1,234.56.'],
      // Read the way the app's locale (English here) writes amounts: a comma groups thousands.
      ['12,50', /English writes amounts like 1,234\.56\. Did you mean 12\.50\?$/],
    ]) {
      await page.getByLabel('Amount').fill(amount as string)
      await charge()
      expect(await errorOf('Amount')).toMatch(message!)
    }
    await page.getByLabel('Currency').selectOption('JPY')
    await page.getByLabel('Amount').fill('1500.5')
    await charge()
    expect(await errorOf('Amount')).toBe('JPY has no decimals: type a whole amount, like 1,234.')
    await page.getByLabel('Currency').selectOption('GBP')
    await page.getByLabel('Amount').fill('10')
    await page.getByLabel('CVV, if the caller gives it').fill('12')
    await charge()
    expect(await errorOf('CVV, if the caller gives it')).toBe('The security code of this card is 3 digits.')
    await page.getByLabel('CVV, if the caller gives it').fill('')
    await page.getByLabel('Reference').fill('')
    await charge()
    expect(await errorOf('Reference')).toBe('A reference is needed, to find the payment later.')
    await page.getByLabel('Reference').fill('R'.repeat(51))
    await charge()
    expect(await errorOf('Reference')).toBe('A reference is at most 50 characters.')
    await page.getByLabel('Reference').fill('FORM-RULES')

    await page.getByRole('radio', { name: /A new card/ }).check()
    await charge()
    expect(await errorOf('Card number')).toBe('Type the card number.')
    expect(await errorOf('Expiry')).toBe('Type the expiry date, as on the card (MM/YY).')
    expect(await errorOf('CVV', true)).toBe('Type the security code (CVV).')
    for (const [number, message] of [
      ['4242 4242 4242 4241', 'This card number has a typing mistake (its check digit is wrong): read it back to the caller.'],
      ['4242 4242 4242 42', 'A Visa card number has 13, 16 or 19 digits; this one has 14.'],
      ['9999 9999 9999 9999', 'This card number does not belong to a card scheme Checkout.com takes (check the first digits).'],
      ['4242-4242-4242-424x', 'A card number has digits only.'],
    ]) {
      await page.getByLabel('Card number').fill(number!)
      await charge()
      expect(await errorOf('Card number')).toBe(message)
    }
    await page.getByLabel('Card number').fill('3456 789012 34564')
    await page.getByLabel('Expiry').fill('01/21')
    await page.getByLabel('CVV', { exact: true }).fill('123')
    await charge()
    expect(await errorOf('Expiry')).toBe('This card has expired: ask the caller for another card.')
    expect(await errorOf('CVV', true)).toBe('The security code of an American Express card is 4 digits (on the front).')
    await page.getByLabel('Expiry').fill('13/30')
    await charge()
    expect(await errorOf('Expiry')).toBe('The expiry month is 1 to 12.')
    await page.getByLabel('Expiry').fill('1230')
    await page.getByLabel('Reference').fill('A'.repeat(31))
    await charge()
    expect(await errorOf('Reference')).toBe('American Express allows at most 30 characters in a reference.')
    await page.screenshot({ path: screenshotPath('new-payment-10-validation') })
    // Nothing reached Checkout.com; Escape leaves the form.
    expect(sim().requestCount()).toBe(before)
    await page.keyboard.press('Escape')
    await page.getByRole('combobox', { name: 'Find the customer' }).waitFor()
  })

  it('Tab goes through the fields in the order they are read', async () => {
    const tab = await customerWithCards('Tab Tess', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(tab.email)
    await page.keyboard.press('Enter')
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    const order: string[] = []
    for (let i = 0; i < 8; i++) {
      order.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement
        return el.name || el.getAttribute('aria-label') || el.textContent || el.tagName
      }))
      await page.keyboard.press('Tab')
    }
    expect(order).toEqual(['amount', 'currency', 'reference', 'description', 'capture', 'Metadata and 3-D Secure', expect.stringMatching(/^Charge/), 'Cancel (Esc)'])
  })
})

describe('3-D Secure on the phone', () => {
  it('shows Pending, opens the authentication page, and settles when the cardholder is done', async () => {
    const tri = await customerWithCards('Three Dee', [{ number: '4242424242424242', cvv: '100' }])
    await findCustomer(tri.email)
    await page.keyboard.press('Enter')
    await page.getByRole('radio', { name: /Visa •••• 4242/ }).waitFor()
    await page.getByLabel('Amount').fill('80')
    await page.getByText('Metadata and 3-D Secure').click()
    await page.getByLabel(/Ask for 3-D Secure/).check()
    await page.getByRole('button', { name: /^Charge/ }).click()
    await outcome().getByRole('heading', { name: 'Waiting for 3-D Secure' }).waitFor()
    await page.screenshot({ path: screenshotPath('new-payment-11-3ds-pending') })
    const [acs] = await Promise.all([page.context().waitForEvent('page'), outcome().getByRole('button', { name: 'Open the 3-D Secure page' }).click()])
    await acs.getByRole('button', { name: 'Authenticate' }).click()
    await acs.getByRole('heading', { name: 'Authenticated' }).waitFor()
    await acs.close()
    await outcome().getByRole('heading', { name: 'Approved' }).waitFor({ timeout: 15_000 })
  })
})
