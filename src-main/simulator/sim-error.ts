import { randomUUID } from 'node:crypto'

/** An answer other than success: the status and (for 422/409) the API's error body. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly errorCodes: string[] = [],
    readonly errorType: string = 'request_invalid',
  ) {
    super(`${status} ${errorCodes.join(',')}`)
  }

  body(): unknown {
    // 401, 403 and 404 have no body, except where an API documents one (the Reports API's 404s).
    if ((this.status === 401 || this.status === 403 || this.status === 404) && this.errorCodes.length === 0) return undefined
    return { request_id: randomUUID(), error_type: this.errorType, error_codes: this.errorCodes }
  }
}

export const invalid = (...codes: string[]) => new SimError(422, codes)
