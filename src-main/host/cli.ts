import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { handlers } from '../app/handler-map'
import { createApp, defaultDataDir } from '../app/registry'
import { consoleLogger } from '../logger'
import { createFileSecretStore } from '../settings/secret-store'
import { SYNC_INTERVAL_MINUTES } from '../sync/sync-service'
import { hostToken } from './host-token'
import { startHost } from './server'

// `npm run web` (and `npm start` where Electron cannot run): the app in any browser, served from 127.0.0.1 only.
// Every file this process makes is its user's alone (store/private-files.ts).
process.umask(0o077)
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5178' },
    'data-dir': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
})
const dataDir = values['data-dir'] ?? defaultDataDir()
const secrets = createFileSecretStore(join(dataDir, 'secrets.plaintext.json'))
let app
try {
  app = await createApp({ dataDir, secrets, logger: consoleLogger(values.verbose || process.env.PAYDESK_VERBOSE === '1'), runtime: 'web' })
} catch (error) {
  console.error(`Paydesk could not start: ${error instanceof Error ? error.message : String(error)}\nData folder: ${dataDir}`)
  process.exit(1)
}
const host = await startHost({
  registry: app.registry,
  handlers,
  rendererDir: join(import.meta.dirname, '../../out/renderer'),
  port: Number(values.port),
  token: hostToken(join(dataDir, 'host-token')),
})
console.log(`Paydesk is running. Open this address in your browser (it carries the access token):\n\n  ${host.url}\n`)
const stopSync = app.registry.sync.every(SYNC_INTERVAL_MINUTES)
console.log(`Data: ${dataDir}\nSecret key storage: ${secrets.description}`)

const stop = async () => {
  stopSync()
  await host.close()
  await app.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
