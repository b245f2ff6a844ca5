// Secret keys must never reach a log line, whatever a caller passes in: every line goes
// through redactSecrets before it is written. No word boundary before the prefix: a key glued
// to other text (`xsk_sbox_…`, a URL-encoded `Authorization%3Ask_sbox_…`) is still a key. A bare
// `sk_` needs a key-length body (live keys have 27 characters), so `disk_capacity` stays.
const SECRET_KEY = /(sk_(?:sbox_|test_))[A-Za-z0-9*#$=-]{8,}|(sk_)[A-Za-z0-9*#$=-]{20,}/g

export function redactSecrets(text: string): string {
  return text.replace(SECRET_KEY, (_match, prefixed: string | undefined, bare: string | undefined) => `${prefixed ?? bare}[redacted]`)
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void
}

const LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/** Lines below `minLevel` are dropped (the console shows info and up unless asked to be verbose). */
export function createLogger(write: (line: string) => void, minLevel: LogLevel = 'debug'): Logger {
  return {
    log(level, message, fields) {
      if (LEVELS[level] < LEVELS[minLevel]) return
      const line = JSON.stringify({ t: new Date().toISOString(), level, message, ...fields })
      write(redactSecrets(line))
    },
  }
}

/** The terminal's log: a few lines at start, not one per API request (those are 'debug'; `--verbose` or PAYDESK_VERBOSE=1 shows them). */
export function consoleLogger(verbose = process.env.PAYDESK_VERBOSE === '1'): Logger {
  return createLogger((line) => process.stderr.write(line + '\n'), verbose ? 'debug' : 'info')
}

/** A logger that keeps its lines, for tests that assert what was (not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, ...createLogger((line) => lines.push(line)) }
}
