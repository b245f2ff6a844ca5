import type { z } from 'zod'
import { CheckoutError, type CheckoutErrorCode } from '../checkout/errors'
import { contract, isCallName, type CallName, type CallResult } from '../contract'
import { AppError, type ErrorCode } from '../contract/errors'
import type { Handlers } from './handler-map'
import type { AppRegistry } from './registry'

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/** A field's path in words a person reads ("amountMin" -> "minimum amount"); call names and dotted paths stay out. */
function fieldWords(path: PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined
  if (!last) return 'the request'
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase()
  const named: Record<string, string> = { 'amount min': 'minimum amount', 'amount max': 'maximum amount', q: 'search', id: 'payment id', 'action id': 'action', from: 'start date', to: 'end date' }
  return `the ${named[words] ?? words}`
}

/** What a person is told about input Paydesk cannot use: the field in words and the rule, not the call or its schema path. */
function sayIssues(error: z.ZodError): string {
  const sentences = error.issues.slice(0, 3).map((issue) => {
    const message = issue.message.replace(/\.$/, '')
    return `Check ${fieldWords(issue.path)}: ${message.charAt(0).toLowerCase()}${message.slice(1)}.`
  })
  return sentences.join(' ')
}

/** Checkout.com's error classes as the renderer knows them: mapped here, once. */
const CHECKOUT_ERROR_CODES: Record<CheckoutErrorCode, ErrorCode> = {
  authentication: 'key_rejected',
  forbidden: 'refused',
  validation: 'refused',
  conflict: 'refused',
  not_found: 'not_found',
  rate_limited: 'rate_limited',
  network: 'unreachable',
  timeout: 'unreachable',
  server: 'upstream',
  invalid_response: 'upstream',
  aborted: 'cancelled',
}

/**
 * The one entry point every transport (ipcMain, the browser host, tests) goes through:
 * validates the input, runs the handler, validates the output, and turns every failure
 * into a typed error. It never throws, so a bad call cannot take the main process down.
 */
export async function dispatch(handlers: Handlers, deps: AppRegistry, name: unknown, rawInput: unknown): Promise<CallResult<CallName>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown_call', message: typeof name === 'string' ? `There is no call named ${JSON.stringify(name.slice(0, 80))}.` : `A call name must be a string, not ${typeof name}.` } }
  }
  const spec = contract[name]
  const input = spec.input.safeParse(rawInput ?? {})
  if (!input.success) {
    deps.logger.log('debug', 'call input refused', { call: name, issues: describeIssues(input.error) })
    return { ok: false, error: { code: 'invalid_input', message: sayIssues(input.error) } }
  }
  try {
    const handler = handlers[name] as (deps: AppRegistry, input: unknown) => Promise<unknown>
    const raw = await handler(deps, input.data)
    const output = spec.output.safeParse(raw)
    if (!output.success) {
      deps.logger.log('error', 'handler output failed its schema', { call: name, issues: describeIssues(output.error) })
      return { ok: false, error: { code: 'invalid_output', message: `Paydesk produced an invalid answer for ${name}; this is a bug.` } }
    }
    return { ok: true, value: output.data } as CallResult<CallName>
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } }
    if (error instanceof CheckoutError) return { ok: false, error: { code: CHECKOUT_ERROR_CODES[error.code], message: error.message } }
    deps.logger.log('error', 'handler failed', { call: name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    return { ok: false, error: { code: 'internal', message: `Something went wrong in ${name}. Details are in the log.` } }
  }
}
