import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createAppContext, defaultDataDir } from '../app-context'
import { handlers } from '../handlers'
import { SYNC_INTERVAL_MINUTES } from '../sync/sync-service'
import { consoleLogger } from '../logger'
import { createFileSecretStore } from '../settings/secret-store'
import { startHost } from './server'

// `npm run web`: the app in any browser, served from 127.0.0.1 only.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5178' },
    'data-dir': { type: 'string' },
  },
})
const dataDir = values['data-dir'] ?? defaultDataDir()
const secrets = createFileSecretStore(join(dataDir, 'secrets.plaintext.json'))
const app = await createAppContext({ dataDir, secrets, logger: consoleLogger, runtime: 'web' })
const host = await startHost({
  ctx: app.ctx,
  handlers,
  rendererDir: join(import.meta.dirname, '../../out/renderer'),
  port: Number(values.port),
})
console.log(`Paydesk is running. Open this address in your browser (it carries the access token):\n\n  ${host.url}\n`)
const stopSync = app.ctx.sync.every(SYNC_INTERVAL_MINUTES)
console.log(`Data: ${dataDir}\nSecret key storage: ${secrets.description}`)

const stop = async () => {
  stopSync()
  await host.close()
  await app.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
