// A job's status call: a job event carries that call's new answer. Plain data (no zod), so the
// renderer can read it without loading the contract's schemas.
export const JOB_STATUS_CALLS = { sync: 'sync.status', 'payments.export': 'payments.export.status' } as const
export type JobName = keyof typeof JOB_STATUS_CALLS
