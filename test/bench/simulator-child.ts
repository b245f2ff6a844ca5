import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { SimulatorOptions } from '../../src-main/simulator/server'

/** Starts simulator-process.ts and waits for its address; requestCount asks it how many API requests it answered. */
export async function startSimulatorProcess(options: SimulatorOptions) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'simulator-process.ts'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`the simulator process ended (${code}) before it listened`)))
  })
  const { url, secretKey } = JSON.parse(first) as { url: string; secretKey: string }
  return {
    url,
    secretKey,
    async requestCount(): Promise<number> {
      const response = await fetch(`${url}/__sim/info`, { headers: { authorization: secretKey } })
      return ((await response.json()) as { requests: number }).requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.stdin.end()
      }),
  }
}
