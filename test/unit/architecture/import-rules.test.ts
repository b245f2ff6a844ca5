import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cruise } from 'dependency-cruiser'
import { afterAll, describe, expect, it } from 'vitest'

// The import rules (.dependency-cruiser.cjs) run over the real tree in `npm test` (lint:deps).
// Here they run over a small tree that breaks each rule once, so a rule that can never fire
// (a typo in a path pattern) fails a test instead of passing silently.
const config = createRequire(import.meta.url)('../../../.dependency-cruiser.cjs')
const root = mkdtempSync(join(tmpdir(), 'paydesk-rules-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const FILES: Record<string, string> = {
  'src-main/payments/handlers.ts': "import '../sync/sync-service'\nimport '../sync/contract'\n",
  'src-main/sync/sync-service.ts': 'export {}\n',
  'src-main/sync/contract.ts': 'export {}\n',
  'src-main/simulator/server.ts': "import '../store/app-store'\nimport '../reference/codes'\n",
  'src-main/store/app-store.ts': "import '../checkout/client'\n",
  'src-main/checkout/client.ts': "import '../store/payments-store'\n",
  'src-main/store/payments-store.ts': 'export {}\n',
  'src-main/reference/codes.ts': 'export {}\n',
  'src-main/reference/money.ts': "import '../contract/index'\n",
  'src-main/app/dispatch.ts': "import 'electron'\n",
  'src-main/shell/main.ts': "import 'electron'\nimport '../app/registry'\n",
  'src-main/jobs/job-runner.ts': "import '../app/registry'\n",
  'src-main/app/registry.ts': 'export {}\n',
  'src-main/settings/contract.ts': "import '../store/app-store'\n",
  'src-renderer/lib/api.ts': "import '../../src-main/store/payments-store'\nimport '../../src-main/contract/index'\n",
  'src-main/contract/index.ts': 'export {}\n',
  'src-main/desktop/cycle-a.ts': "import './cycle-b'\n",
  'src-main/payments/export.ts': "import 'csv-stringify'\n",
  'src-main/desktop/cycle-b.ts': "import './cycle-a'\n",
}

describe('the import rules', () => {
  it('catch each kind of crossing, and only those', async () => {
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, file)), { recursive: true })
      writeFileSync(join(root, file), text)
    }
    const previous = process.cwd()
    process.chdir(root)
    try {
      const result = await cruise(['src-main', 'src-renderer'], { ruleSet: { forbidden: config.forbidden }, validate: true, tsPreCompilationDeps: true })
      const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output
      const found = output.summary.violations.map((v: { rule: { name: string }; from: string; to: string }) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort()
      expect(found).toEqual(
        [
          'capabilities-do-not-import-each-other: src-main/payments/handlers.ts -> src-main/sync/sync-service.ts',
          'contract-files-are-pure-schemas: src-main/settings/contract.ts -> src-main/store/app-store.ts',
          'nothing-imports-the-composition-layers: src-main/jobs/job-runner.ts -> src-main/app/registry.ts',
          'only-the-shell-imports-electron: src-main/app/dispatch.ts -> electron',
          'reference-is-a-leaf: src-main/reference/money.ts -> src-main/contract/index.ts',
          'every-csv-is-written-spreadsheet-safe: src-main/payments/export.ts -> csv-stringify',
          'no-circular: src-main/desktop/cycle-a.ts -> src-main/desktop/cycle-b.ts',
          'simulator-imports-only-reference-data: src-main/simulator/server.ts -> src-main/store/app-store.ts',
          'the-client-never-touches-the-database: src-main/checkout/client.ts -> src-main/store/payments-store.ts',
          'the-renderer-imports-only-the-contract: src-renderer/lib/api.ts -> src-main/store/payments-store.ts',
          'the-store-never-calls-the-network: src-main/store/app-store.ts -> src-main/checkout/client.ts',
        ].sort(),
      )
    } finally {
      process.chdir(previous)
    }
  })
})
