import { QueryClient, QueryClientProvider, useQuery, type UseQueryOptions } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import type { CallInput, CallName, CallOutput, Topic } from '../../src-main/contract'
import { JOB_STATUS_CALLS } from '../../src-main/contract/job-status-calls'
import { call, onAppEvent, type CallFailed } from './api'

// One way for screens to read from the main process: TanStack Query, keyed by [call, input],
// so an answer for an older input never lands on a newer screen, and the main process's
// events update or refetch what is open (no screen polls).

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The data is local: a failed call is an answer (an error to show), not a flaky network.
      retry: false,
      staleTime: 30_000,
      refetchOnWindowFocus: false,
    },
  },
})

export function callKey<K extends CallName>(name: K, input: CallInput<K>) {
  return [name, input] as const
}

export function useCall<K extends CallName>(name: K, input: CallInput<K>, options: Omit<UseQueryOptions<CallOutput<K>, CallFailed>, 'queryKey' | 'queryFn'> = {}) {
  return useQuery<CallOutput<K>, CallFailed>({ queryKey: callKey(name, input), queryFn: () => call(name, input), ...options })
}

/** Stores a call's answer (after a mutation that returned it, or a pushed job status). */
export function setCallData<K extends CallName>(name: K, input: CallInput<K>, value: CallOutput<K>) {
  queryClient.setQueryData(callKey(name, input), value)
}

/** Which calls read which data: a change to a topic refetches those that are open. */
const TOPIC_CALLS: Record<Topic, (name: string) => boolean> = {
  payments: (name) => (name.startsWith('payments.') && !name.startsWith('payments.export.')) || name === 'sync.last' || name.startsWith('recon.') || name.startsWith('risk.') || name.startsWith('insights.') || name === 'moto.payments.unresolved' || name === 'moto.customers.search',
  // Another connection is another store, with its own last sync.
  settings: (name) => name.startsWith('settings.') || name === 'sync.last',
}

function AppEvents() {
  useEffect(
    () =>
      onAppEvent(
        (event) => {
          if (event.type === 'job') queryClient.setQueryData(callKey(JOB_STATUS_CALLS[event.job], {}), event.status)
          else void queryClient.invalidateQueries({ predicate: (query) => TOPIC_CALLS[event.topic](String(query.queryKey[0])) })
        },
        () => void queryClient.invalidateQueries(),
      ),
    [],
  )
  return null
}

export function AppDataProvider({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AppEvents />
      {children}
    </QueryClientProvider>
  )
}
