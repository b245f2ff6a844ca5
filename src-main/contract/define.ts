import { z } from 'zod'
import { isTimeZone } from '../reference/time-zone'

// The shape every capability's call table has, and the handler map that serves it. A leaf:
// capabilities import it to declare their calls and to type their handlers against their
// own table, without importing the assembled contract or each other.

export interface CallSpec {
  input: z.ZodType
  output: z.ZodType
}
export type CallTable = Record<string, CallSpec>

/** An input of no fields; unknown fields are refused. */
export const Empty = z.object({}).strict()

/**
 * The handlers of one capability's calls: plain async functions of (deps, validated input).
 * `Deps` is what that capability uses, nothing more; the app's registry satisfies every one.
 */
export type HandlersOf<T extends CallTable, Deps> = {
  [K in keyof T]: (deps: Deps, input: z.output<T[K]['input']>) => Promise<z.input<T[K]['output']>>
}

/** A calendar day, "2026-11-25". */
export const CalendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written 2026-11-25')

/** An IANA time zone this computer knows (Europe/London). */
export const TimeZoneName = z.string().max(64).refine(isTimeZone, 'not a time zone this computer knows')
