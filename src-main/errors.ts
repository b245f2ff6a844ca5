// One error family for everything the renderer can be told about. `code` is stable
// (the UI and tests switch on it); `message` is for a person and never holds a secret.
export type AppErrorCode =
  | 'invalid_input'
  | 'invalid_output'
  | 'unknown_call'
  | 'key_rejected'
  | 'not_found'
  | 'conflict'
  | 'upstream'
  | 'internal'

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}
