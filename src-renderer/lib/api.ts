import type { CallInput, CallName, CallOutput, CallResult } from '../../src-main/contract'

// The renderer's only way to the main process. In Electron the preload provides
// window.paydesk; in a browser (npm run web, end-to-end tests) the same calls go over HTTP
// to the browser host with the token it printed.
declare global {
  interface Window {
    paydesk?: { invoke(name: string, input: unknown): Promise<unknown> }
  }
}

export class CallFailed extends Error {
  constructor(
    readonly code: string,
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
