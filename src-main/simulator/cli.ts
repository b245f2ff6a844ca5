import { parseArgs } from 'node:util'
import { startSimulator } from './server'

// `npm run simulator`: the Checkout.com simulator on its own, for curl or any SDK.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    json: { type: 'boolean', default: false },
    seed: { type: 'string' },
    days: { type: 'string', default: '90' },
    'seed-number': { type: 'string', default: '1' },
    state: { type: 'string' },
    log: { type: 'string' },
    'secret-key': { type: 'string' },
    'public-key': { type: 'string' },
    latency: { type: 'string' },
    'rate-limit': { type: 'string' },
    'auto-capture-delay': { type: 'string' },
    'no-search-scope': { type: 'boolean', default: false },
  },
})

function positiveInt(name: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number >= ${min}, not ${JSON.stringify(text)}`)
    process.exit(2)
  }
  return n
}

const count = positiveInt('seed', values.seed, 1)
const started = performance.now()
const sim = await startSimulator({
  host: values.host,
  port: positiveInt('port', values.port),
  ...(count ? { seed: { count, days: positiveInt('days', values.days, 1)!, seed: positiveInt('seed-number', values['seed-number'])! } } : {}),
  ...(values.state ? { statePath: values.state } : {}),
  ...(values.log ? { logPath: values.log } : {}),
  ...(values['secret-key'] ? { secretKey: values['secret-key'] } : {}),
  ...(values['public-key'] ? { publicKey: values['public-key'] } : {}),
  ...(values.latency ? { latencyMs: positiveInt('latency', values.latency) } : {}),
  ...(values['rate-limit'] ? { rateLimit: positiveInt('rate-limit', values['rate-limit'], 1) } : {}),
  ...(values['no-search-scope'] ? { scopes: { search: false } } : {}),
  ...(values['auto-capture-delay'] ? { autoCaptureDelayMs: positiveInt('auto-capture-delay', values['auto-capture-delay']) } : {}),
})

if (values.json) {
  console.log(JSON.stringify({ url: sim.url, secretKey: sim.secretKey, publicKey: sim.publicKey }))
} else {
  const payments = sim.ctx.state.paymentOrder.length
  console.log(`Checkout.com simulator listening on ${sim.url}${payments ? ` with ${payments} payments (${Math.round(performance.now() - started)} ms)` : ''}`)
  console.log(`  secret key: ${sim.secretKey}`)
  console.log(`  public key: ${sim.publicKey}`)
  console.log(`Try: curl -s -H 'Authorization: ${sim.secretKey}' '${sim.url}/reporting/payments?limit=1'`)
}

const stop = async () => {
  await sim.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
