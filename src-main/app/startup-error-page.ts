// What a person sees when the app cannot start (a migration failed, the data folder is not
// writable): a window with the reason and where the data is, instead of no window at all.
// Pure, so the page is tested in Node; the shell shows it as a data: page.

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export function startupErrorPage(error: unknown, dataDir: string): string {
  const reason = error instanceof Error ? error.message : String(error)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Paydesk could not start</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:40px;color:#1f2937}h1{font-size:20px}pre{background:#f3f4f6;padding:12px;border-radius:6px;white-space:pre-wrap}</style>
</head><body>
<h1>Paydesk could not start</h1>
<p>Nothing was changed. The reason:</p>
<pre>${escapeHtml(reason)}</pre>
<p>Your data is in <code>${escapeHtml(dataDir)}</code>. Keep a copy of that folder before trying again; if this follows an update, the previous version still opens it.</p>
</body></html>`
}
