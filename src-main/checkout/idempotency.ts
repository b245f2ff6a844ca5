import { createHash, randomUUID } from 'node:crypto'

// Every POST Paydesk makes carries a Cko-Idempotency-Key. The key is derived from the user
// action (an id made when the user starts it, e.g. opens the capture dialog) and what it
// asks for, so a retry of that action, by the client or by the user pressing again, reuses
// it, and a new action never does.
export function newActionId(): string {
  return randomUUID()
}

export function idempotencyKeyFor(actionId: string, operation: string, body: unknown): string {
  const digest = createHash('sha256').update(`${operation}\n${JSON.stringify(body ?? null)}`).digest('hex').slice(0, 16)
  return `paydesk-${actionId}-${digest}`
}
