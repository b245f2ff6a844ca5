// One line per figure: name, median, min, max, unit, N (runs).
export function report(name: string, values: number[], unit: string): void {
  const sorted = [...values].sort((a, b) => a - b)
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(4))
  console.log(`${name.padEnd(48)} median ${f(median).padStart(9)}  min ${f(sorted[0]!).padStart(9)}  max ${f(sorted.at(-1)!).padStart(9)}  ${unit.padEnd(10)} N=${values.length}`)
}

/** Runs `task` `total` times with `concurrency` in flight; returns operations per second. */
export async function throughput(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++)
    }),
  )
  return total / ((performance.now() - started) / 1000)
}
