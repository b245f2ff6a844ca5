// Which links may leave the app for the system browser. A pure rule, tested in Node, used by the
// Electron shell (window.open, navigation) and by the desktop.openExternal call alike: https to
// Checkout.com's own hosts (docs, Dashboard, the sandbox's 3-D Secure pages on ckotech.co);
// http only to the built-in simulator's own loopback pages (its 3-D Secure page); nothing else,
// and never file:, javascript:, data: or a link carrying a user name or password. A link a
// customer could plant (a reference, metadata) cannot send the merchant to an arbitrary site.

const TRUSTED_HOSTS = ['checkout.com', 'ckotech.co']
const trustedHost = (hostname: string) => TRUSTED_HOSTS.some((host) => hostname === host || hostname.endsWith(`.${host}`))

export type LinkVerdict = { allowed: true; url: string } | { allowed: false; reason: string }

export function externalLinkVerdict(raw: string, options: { simulatorOrigin?: string | null } = {}): LinkVerdict {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { allowed: false, reason: 'This is not a web address.' }
  }
  if (url.username || url.password) return { allowed: false, reason: 'Links with a user name or password are not opened.' }
  if (url.protocol === 'https:' && trustedHost(url.hostname)) return { allowed: true, url: url.href }
  if (url.protocol === 'https:' && url.hostname) return { allowed: false, reason: `Paydesk opens only Checkout.com's own pages, not ${url.hostname}.` }
  if (url.protocol === 'http:' && options.simulatorOrigin) {
    const simulator = new URL(options.simulatorOrigin)
    const loopback = simulator.hostname === '127.0.0.1' || simulator.hostname === 'localhost' || simulator.hostname === '[::1]'
    if (loopback && url.origin === simulator.origin) return { allowed: true, url: url.href }
  }
  return { allowed: false, reason: `Only https links are opened (not ${url.protocol.replace(':', '')}).` }
}
