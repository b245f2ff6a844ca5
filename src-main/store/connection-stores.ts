import { join } from 'node:path'
import { openPaymentsStore, type PaymentsStore } from './payments-store'

// Each Checkout.com connection (the built-in simulator, a sandbox account, a live account)
// keeps its payments in a database of its own, so the demo merchant's history never mixes
// with a real one, and a sync job never resumes against another host. Settings stay in the
// app's own database (paydesk.sqlite).

export type ConnectionEnvironment = 'simulator' | 'sandbox' | 'production'

export function connectionStoreName(environment: ConnectionEnvironment, accountPrefix: string | null): string {
  return environment === 'simulator' ? 'simulator' : `${environment}-${accountPrefix ?? 'default'}`
}

export function connectionStoreFile(dataDir: string, name: string): string {
  return join(dataDir, 'payments', `${name}.sqlite`)
}

export interface ConnectionStores {
  current(): PaymentsStore
  currentName(): string
  /** Opens the connection's store (if it is not the current one) and makes it current. */
  use(name: string): Promise<{ changed: boolean }>
  close(): Promise<void>
}

export async function openConnectionStores(dataDir: string, first: string, nativeBinding?: string): Promise<ConnectionStores> {
  const open = (name: string) => openPaymentsStore(connectionStoreFile(dataDir, name), { nativeBinding })
  let store: PaymentsStore = await open(first)
  let name = first
  return {
    current: () => store,
    currentName: () => name,
    async use(next) {
      if (next === name) return { changed: false }
      const opened = await open(next)
      const old = store
      store = opened
      name = next
      await old.close()
      return { changed: true }
    },
    close: () => store.close(),
  }
}
