import type { StoredPayment } from './state'

// A tiny stand-in for the issuer's 3-D Secure challenge. No script: two forms.
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:">
<style>body{font:15px system-ui,sans-serif;max-width:420px;margin:60px auto;padding:0 16px;color:#18202b}
.card{border:1px solid #e1e4ea;border-radius:10px;padding:24px}button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #c8ced8;margin-right:8px;cursor:pointer}
.ok{background:#1f5eff;color:#fff;border-color:#1f5eff}</style></head><body><div class="card">${body}</div></body></html>`
}

export function threeDsPage(payment: StoredPayment): string {
  if (payment.status !== 'Pending') return threeDsDonePage(payment)
  const amount = `${payment.amount} ${escape(payment.currency)} (minor units)`
  return page(
    '3-D Secure (simulator)',
    `<h1>3-D Secure check</h1><p>Simulated issuer challenge for payment <code>${payment.id}</code>, ${amount}.</p>
<form method="post" action="/__sim/3ds/${payment.id}/authenticate"><button class="ok" type="submit">Authenticate</button></form>
<form method="post" action="/__sim/3ds/${payment.id}/fail"><button type="submit">Fail</button></form>`,
  )
}

export function threeDsDonePage(payment: StoredPayment): string {
  return page('3-D Secure (simulator)', `<h1>${payment.approved ? 'Authenticated' : 'Not authenticated'}</h1><p>Payment <code>${payment.id}</code> is now ${escape(payment.status)}. You can close this window.</p>`)
}
