// Which room may import which (README "Architecture"). Run by `npm run lint:deps` inside
// `npm test`, so the shape stays true after the people who drew it have moved on.
const CAPABILITIES = '(payments|sync|settings|moto|insights|recon)'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'only-the-shell-imports-electron',
      comment: 'Everything but src-main/shell and the preload runs in plain Node (tests, browser host).',
      severity: 'error',
      from: { pathNot: '^(src-main/shell/|src-preload/|test/e2e/electron-launch)' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'simulator-imports-only-reference-data',
      comment: 'The simulator is a stand-in for Checkout.com: it shares nothing with the app but the reference tables.',
      severity: 'error',
      from: { path: '^src-main/simulator/' },
      to: { path: '^src-main/', pathNot: '^src-main/(simulator|reference)/' },
    },
    {
      name: 'every-csv-is-written-spreadsheet-safe',
      comment: 'Cells a spreadsheet would run as formulas are neutralised in src-main/csv/; nothing else writes CSV (the simulator plays Checkout.com, whose files are not ours to change).',
      severity: 'error',
      from: { pathNot: '^src-main/(csv|simulator)/' },
      to: { path: '^csv-stringify|node_modules/csv-stringify/' },
    },
    {
      name: 'reference-is-a-leaf',
      severity: 'error',
      from: { path: '^src-main/reference/' },
      to: { path: '^src-main/', pathNot: '^src-main/reference/' },
    },
    {
      name: 'capabilities-do-not-import-each-other',
      comment: 'A capability reaches another only through its contract.ts (types and schemas) or what the registry injects.',
      severity: 'error',
      from: { path: `^src-main/${CAPABILITIES}/` },
      to: { path: `^src-main/${CAPABILITIES}/`, pathNot: [`^src-main/$1/`, `^src-main/${CAPABILITIES}/contract\\.ts$`] },
    },
    {
      name: 'nothing-imports-the-composition-layers',
      comment: 'app/ (registry, handler map, dispatch), host/ and shell/ sit on top; rooms below never reach up.',
      severity: 'error',
      from: { path: '^src-main/', pathNot: '^src-main/(app|host|shell)/' },
      to: { path: '^src-main/(app|host|shell)/', pathNot: '^src-main/app/contract\\.ts$' },
    },
    {
      name: 'the-client-never-touches-the-database',
      severity: 'error',
      from: { path: '^src-main/checkout/' },
      to: { path: '^src-main/store/|better-sqlite3|kysely' },
    },
    {
      name: 'the-store-never-calls-the-network',
      severity: 'error',
      from: { path: '^src-main/store/' },
      to: { path: `^src-main/(checkout|simulator|${CAPABILITIES.slice(1, -1)})/|undici` },
    },
    {
      name: 'contract-files-are-pure-schemas',
      comment: 'The contract is read by the renderer: its files may not pull in Node-only code (the store\'s pure zod records excepted).',
      severity: 'error',
      from: { path: '^src-main/(contract/|[a-z-]+/contract\\.ts$)' },
      to: { path: '^src-main/(checkout|host|shell|simulator)/|^src-main/store/(?!payment-records|settlement-records)|node:|better-sqlite3|undici|kysely' },
    },
    {
      name: 'the-renderer-imports-only-the-contract',
      comment: 'Types of every call and the shared reference data come through src-main/contract/; nothing else of the main process.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/', pathNot: '^src-main/contract/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src-' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
