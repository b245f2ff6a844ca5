import { appendFileSync } from 'node:fs'

// --log FILE: one JSON line per request and response. Card numbers and CVVs are masked
// before anything is written; the Authorization header is never logged.
const SENSITIVE = new Set(['number', 'cvv'])

export function maskCardData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskCardData)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (!SENSITIVE.has(k) || typeof v !== 'string') return [k, maskCardData(v)]
        // A card number shows its BIN and last 4, as Checkout.com does; anything shorter than a card number shows nothing.
        if (k === 'cvv' || v.length < 12) return [k, '*'.repeat(k === 'cvv' ? 3 : v.length)]
        return [k, `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`]
      }),
    )
  }
  return value
}

export interface LogEntry {
  t: string
  request_id: string
  method: string
  path: string
  status: number
  ms: number
  fault?: string
  request?: unknown
  response?: unknown
}

export function createRequestLog(file: string | undefined) {
  return (entry: LogEntry) => {
    if (!file) return
    appendFileSync(file, JSON.stringify({ ...entry, request: maskCardData(entry.request) }) + '\n')
  }
}
