// `npm run bench`: one line per figure (name, median, min, max, unit, N). Benchmarks are
// added here by the issues that bring the code they measure.
export {}

const benchmarks: { name: string; run(): Promise<void> }[] = []

if (benchmarks.length === 0) console.log('no benchmarks yet')
for (const bench of benchmarks) await bench.run()
