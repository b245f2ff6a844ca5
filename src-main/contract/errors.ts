import { z } from 'zod'

// One error family for everything the renderer can be told about. `code` is stable (the UI
// and tests switch on it); `message` is for a person and never holds a secret. Checkout.com's
// own errors are mapped onto these once, in app/dispatch.ts.
export const ErrorCode = z.enum([
  /** The call's input failed its schema, or a value a person typed is not acceptable. */
  'invalid_input',
  /** A handler produced an answer that fails its own schema: a bug. */
  'invalid_output',
  'unknown_call',
  /** The caller is not the app's own page (IPC sender or host token). */
  'unauthorized',
  /** No key, or a key Checkout.com or the format check refused. */
  'key_rejected',
  'not_found',
  /** The local state does not allow this (a payment that cannot be captured now, a job already running). */
  'conflict',
  /** Checkout.com refused the request (403, 409, 422). */
  'refused',
  /** Checkout.com asked us to slow down (429) beyond the retries. */
  'rate_limited',
  /** Checkout.com could not be reached or did not answer in time. */
  'unreachable',
  /** Checkout.com answered with a server error or a body that does not fit the spec. */
  'upstream',
  'cancelled',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const CallError = z.object({ code: ErrorCode, message: z.string() })
export type CallError = z.infer<typeof CallError>

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}
