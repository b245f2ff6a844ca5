import { describe, expect, it } from 'vitest'
import { externalLinkVerdict } from '../../../src-main/desktop/external-links'

const simulatorOrigin = 'http://127.0.0.1:43121'

describe('which links leave the app for the system browser', () => {
  it('opens https links to Checkout.com’s own hosts only', () => {
    expect(externalLinkVerdict('https://www.checkout.com/docs/payments')).toEqual({ allowed: true, url: 'https://www.checkout.com/docs/payments' })
    expect(externalLinkVerdict('https://dashboard.checkout.com/', { simulatorOrigin })).toMatchObject({ allowed: true })
    expect(externalLinkVerdict('https://3ds2-sandbox.ckotech.co/interceptor/x')).toMatchObject({ allowed: true })
    for (const url of ['https://example.com/', 'https://checkout.com.evil.example/', 'https://evilcheckout.com/', 'https://ckotech.co.evil.example/']) {
      expect(externalLinkVerdict(url)).toMatchObject({ allowed: false, reason: expect.stringContaining('only Checkout.com') })
    }
  })

  it('opens the built-in simulator’s own loopback pages, and no other http page', () => {
    expect(externalLinkVerdict(`${simulatorOrigin}/__sim/3ds/pay_abc`, { simulatorOrigin })).toEqual({ allowed: true, url: `${simulatorOrigin}/__sim/3ds/pay_abc` })
    expect(externalLinkVerdict('http://127.0.0.1:9999/__sim/3ds/pay_abc', { simulatorOrigin })).toMatchObject({ allowed: false })
    expect(externalLinkVerdict(`${simulatorOrigin}/x`)).toMatchObject({ allowed: false })
    expect(externalLinkVerdict('http://example.com/', { simulatorOrigin })).toMatchObject({ allowed: false, reason: expect.stringContaining('Only https') })
    // A simulator somewhere other than loopback is not trusted with http.
    expect(externalLinkVerdict('http://sim.example.com/', { simulatorOrigin: 'http://sim.example.com' })).toMatchObject({ allowed: false })
  })

  it('never opens files, scripts, data, or links carrying credentials', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'https://user:pass@example.com/', 'app://paydesk/index.html', 'not a url', 'https://']) {
      expect(externalLinkVerdict(url, { simulatorOrigin })).toMatchObject({ allowed: false })
    }
  })
})
