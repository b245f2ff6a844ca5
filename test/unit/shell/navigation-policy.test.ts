import { describe, expect, it } from 'vitest'
import { devServerUrlFor, navigationAllowed, permissionAllowed } from '../../../src-main/shell/navigation-policy'

describe('the shell’s navigation and permission policy', () => {
  it('honours ELECTRON_RENDERER_URL only in an unpackaged app, on loopback', () => {
    expect(devServerUrlFor({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173/')
    expect(devServerUrlFor({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBeUndefined()
    expect(devServerUrlFor({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBeUndefined()
    expect(devServerUrlFor({ ELECTRON_RENDERER_URL: 'not a url' }, false)).toBeUndefined()
    expect(devServerUrlFor({}, false)).toBeUndefined()
  })

  it('lets the window reach the app’s pages and the dev server’s exact origin, not one that merely starts like it', () => {
    const dev = 'http://localhost:5173/'
    expect(navigationAllowed('app://paydesk/index.html#/payments', undefined)).toBe(true)
    expect(navigationAllowed('http://localhost:5173/#/settings', dev)).toBe(true)
    expect(navigationAllowed('http://localhost:5173.evil.example/', dev)).toBe(false)
    expect(navigationAllowed('http://localhost:51730/', dev)).toBe(false)
    expect(navigationAllowed('http://localhost:5173/', undefined)).toBe(false)
    expect(navigationAllowed('app://paydeskevil/index.html', undefined)).toBe(false)
    expect(navigationAllowed('https://www.checkout.com/', dev)).toBe(false)
  })

  it('grants no permission but the app page’s clipboard write', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://paydesk/index.html', undefined)).toBe(true)
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/', undefined)).toBe(false)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(permissionAllowed(permission, 'app://paydesk/index.html', undefined)).toBe(false)
    }
  })
})
