import { describe, expect, it } from 'vitest'
import { startupErrorPage } from '../../../src-main/app/startup-error-page'

describe('the start-up error page', () => {
  it('says why the app could not start and where the data is, with the reason escaped', () => {
    const page = startupErrorPage(new Error('Database migration 008 failed: <script>alert(1)</script>'), '/home/ada/.paydesk')
    expect(page).toContain('Paydesk could not start')
    expect(page).toContain('Database migration 008 failed: &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>alert(1)')
    expect(page).toContain('/home/ada/.paydesk')
    // No script may run in it.
    expect(page).toContain("default-src 'none'")
  })
})
