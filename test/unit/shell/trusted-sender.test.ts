import { describe, expect, it } from 'vitest'
import { isTrustedSenderUrl } from '../../../src-main/shell/trusted-sender'

describe('IPC sender check', () => {
  it('accepts only the app page, or the dev server on loopback', () => {
    expect(isTrustedSenderUrl('app://paydesk/index.html#/payments')).toBe(true)
    expect(isTrustedSenderUrl('app://evil/index.html')).toBe(false)
    expect(isTrustedSenderUrl('https://example.com/')).toBe(false)
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false)
    expect(isTrustedSenderUrl(undefined)).toBe(false)
    expect(isTrustedSenderUrl('not a url')).toBe(false)
    expect(isTrustedSenderUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedSenderUrl('http://localhost:5173/', undefined)).toBe(false)
  })
})
