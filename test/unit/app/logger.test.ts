import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src-main/logger'

describe('the log', () => {
  it('drops lines below its level: the console shows no per-request debug line unless verbose', () => {
    const lines: string[] = []
    const quiet = createLogger((line) => lines.push(line), 'info')
    quiet.log('debug', 'checkout request', { path: '/payments' })
    quiet.log('info', 'payments search sync finished')
    quiet.log('error', 'handler failed')
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['payments search sync finished', 'handler failed'])
    const verbose = createLogger((line) => lines.push(line), 'debug')
    verbose.log('debug', 'checkout request')
    expect(JSON.parse(lines.at(-1)!).message).toBe('checkout request')
  })
})
