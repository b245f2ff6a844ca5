import type { AppEvent, CallInput, CallName, CallOutput, CallResult, ErrorCode } from '../../src-main/contract'

// The renderer's only way to the main process. In Electron the preload provides
// window.paydesk; in a browser (npm run web, end-to-end tests) the same calls go over HTTP
// to the browser host with the token it printed, and events arrive as server-sent events.
declare global {
  interface Window {
    paydesk?: { invoke(name: string, input: unknown): Promise<unknown>; onEvent(listener: (event: unknown) => void): () => void }
  }
}

export class CallFailed extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const TOKEN_KEY = 'paydesk.hostToken'

function hostToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    // Keep the token out of bookmarks and history.
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.toString())
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}
const token = window.paydesk ? '' : hostToken()

async function invokeRaw(name: string, input: unknown): Promise<unknown> {
  if (window.paydesk) return window.paydesk.invoke(name, input)
  const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-paydesk-token': token },
    body: JSON.stringify(input ?? {}),
  })
  return response.json()
}

export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result = (await invokeRaw(name, input)) as CallResult<K>
  if (!result.ok) throw new CallFailed(result.error.code, result.error.message)
  return result.value
}

/**
 * Listens to the main process's events; returns the function that stops listening.
 * `onReconnect` runs when the browser host's stream comes back after a break, during which
 * events may have been missed.
 */
export function onAppEvent(listener: (event: AppEvent) => void, onReconnect: () => void): () => void {
  // The main process validated each event against its schema before sending it.
  if (window.paydesk) return window.paydesk.onEvent((event) => listener(event as AppEvent))
  const source = new EventSource('/api/events')
  let opened = false
  source.onopen = () => {
    if (opened) onReconnect()
    opened = true
  }
  source.onmessage = (message) => listener(JSON.parse(message.data as string) as AppEvent)
  return () => source.close()
}
