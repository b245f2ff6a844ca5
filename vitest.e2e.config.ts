import { defineConfig } from 'vitest/config'

// End-to-end tests drive the built renderer in Debian's Chromium; they share one
// machine's two cores, so run files one after another.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
