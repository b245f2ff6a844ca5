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

export function createLogger(write: (line: string) => void): Logger {
  return {
    log(level, message, fields) {
      const line = JSON.stringify({ t: new Date().toISOString(), level, message, ...fields })
      write(redactSecrets(line))
    },
  }
}

export const consoleLogger: Logger = createLogger((line) => process.stderr.write(line + '\n'))

/** A logger that keeps its lines, for tests that assert what was (not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, ...createLogger((line) => lines.push(line)) }
}
