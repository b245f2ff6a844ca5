import { redactSecrets } from '../logger'
import { ValidationErrorBody } from './schemas'

// One error family for everything the Checkout.com client can meet. `retryable` says whether
// the same request may be sent again; `code` is stable for the UI and the sync summary.
export type CheckoutErrorCode =
  | 'authentication' // 401: the key is wrong or revoked
  | 'forbidden' // 403: the action is not allowed in the payment's state
  | 'not_found' // 404
  | 'validation' // 422, with error_codes
  | 'conflict' // 409: e.g. an idempotency key reused with another body
  | 'rate_limited' // 429, with Retry-After
  | 'server' // 5xx
  | 'network' // reset, refused, DNS
  | 'timeout' // connect, headers or body took too long
  | 'invalid_response' // the body did not fit the spec
  | 'aborted' // the caller cancelled

export class CheckoutError extends Error {
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    readonly details: { status?: number; errorCodes?: string[]; retryAfterMs?: number; requestId?: string; /** The transport's own code (ENOTFOUND…), for the log. */ networkCode?: string } = {},
  ) {
    super(redactSecrets(message))
    this.name = 'CheckoutError'
  }

  get retryable(): boolean {
    return this.code === 'rate_limited' || this.code === 'server' || this.code === 'network' || this.code === 'timeout' || this.code === 'invalid_response'
  }
}

export function errorForStatus(status: number, what: string, body: unknown, headers: Record<string, string | string[] | undefined>): CheckoutError {
  const requestId = typeof headers['cko-request-id'] === 'string' ? headers['cko-request-id'] : undefined
  const parsed = ValidationErrorBody.safeParse(body)
  const errorCodes = parsed.success ? parsed.data.error_codes : undefined
  const common = { status, ...(requestId ? { requestId } : {}), ...(errorCodes ? { errorCodes } : {}) }
  switch (true) {
    case status === 401:
      return new CheckoutError('authentication', `Checkout.com refused the secret key (401) for ${what}. Check the key and the environment in Settings.`, common)
    case status === 403:
      return new CheckoutError('forbidden', `Checkout.com does not allow ${what} in the payment's current state (403).`, common)
    case status === 404:
      return new CheckoutError('not_found', `Checkout.com has no such resource (404) for ${what}.`, common)
    case status === 409:
      return new CheckoutError('conflict', `Checkout.com reported a conflict (409) for ${what}${errorCodes?.length ? `: ${errorCodes.join(', ')}` : ''}.`, common)
    case status === 422:
      return new CheckoutError('validation', `Checkout.com rejected ${what} (422)${errorCodes?.length ? `: ${errorCodes.join(', ')}` : ''}.`, common)
    case status === 429: {
      const retryAfter = Number(headers['retry-after'])
      return new CheckoutError('rate_limited', `Checkout.com is rate limiting requests (429) for ${what}.`, { ...common, ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}) })
    }
    case status >= 500:
      return new CheckoutError('server', `Checkout.com answered ${status} for ${what}.`, common)
    default:
      return new CheckoutError('server', `Checkout.com answered an unexpected ${status} for ${what}.`, common)
  }
}
