import { startSimulator, type SimulatorOptions } from '../../src-main/simulator/server'

// The simulator in a process of its own for the sync benches, as Checkout.com runs on its own
// servers: its work (searching, building answers) does not share the app's thread. Options come
// as one JSON argument; the first line out is {url, secretKey}. Ends when its parent closes stdin.
const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions
const sim = await startSimulator(options)
process.stdout.write(`${JSON.stringify({ url: sim.url, secretKey: sim.secretKey })}\n`)
process.stdin.resume()
process.stdin.on('end', () => void sim.close().then(() => process.exit(0)))
