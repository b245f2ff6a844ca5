import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { cryptoRandom, makeKey } from '../simulator/random'
import { startSimulator, type RunningSimulator } from '../simulator/server'
import type { AppDatabase } from '../store/app-database'
import { readSetting, writeSetting } from './settings-repo'

// The built-in simulator the app uses when no Checkout.com key is configured: started in
// this process on first need, its keys and state kept in the data folder so the demo
// merchant's history is the same after a restart.

const SimulatorKeys = z.object({ secretKey: z.string(), publicKey: z.string() })
const KEYS = 'simulator.keys'

/** What a new user sees: three months of a small merchant's payments. */
export const FIRST_START_SEED = { count: 5000, days: 90, seed: 1 }

export interface EmbeddedSimulator {
  /** The running simulator, or null before anything needed it. */
  current(): RunningSimulator | null
  ensure(): Promise<RunningSimulator>
  close(): Promise<void>
}

export function createEmbeddedSimulator(db: Kysely<AppDatabase>, dataDir: string, seed: typeof FIRST_START_SEED | null = FIRST_START_SEED): EmbeddedSimulator {
  let running: RunningSimulator | null = null
  let starting: Promise<RunningSimulator> | null = null
  return {
    current: () => running,
    ensure() {
      starting ??= (async () => {
        let keys = await readSetting(db, KEYS, SimulatorKeys)
        if (!keys) {
          keys = { secretKey: makeKey(cryptoRandom, 'sk_sbox_'), publicKey: makeKey(cryptoRandom, 'pk_sbox_') }
          await writeSetting(db, KEYS, keys, new Date())
        }
        running = await startSimulator({ ...keys, statePath: join(dataDir, 'simulator-state.json'), ...(seed ? { seed } : {}) })
        return running
      })()
      return starting
    },
    async close() {
      await running?.close()
    },
  }
}
