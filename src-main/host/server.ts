import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { dispatch } from '../app/dispatch'
import type { Handlers } from '../app/handler-map'
import type { AppRegistry } from '../app/registry'
import { SECURITY_HEADERS } from './security-headers'

// The browser host: the built renderer and the contract over HTTP on loopback, for
// development and the end-to-end tests. Every request must carry the token made at start
// (query on the first page load, then an HttpOnly cookie for assets and a header for calls),
// so another local program or web page cannot drive it.

const MAX_BODY = 1024 * 1024
const TOKEN_HEADER = 'x-paydesk-token'
const COOKIE = 'paydesk_token'
/** The cookie outlives the browser session (a bookmark works tomorrow); the token behind it is kept in the data folder. */
const COOKIE_MAX_AGE_S = 365 * 24 * 3600
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface HostOptions {
  registry: AppRegistry
  handlers: Handlers
  rendererDir: string
  host?: string
  port?: number
  token?: string
}

export interface RunningHost {
  url: string // with the token, to open in a browser
  origin: string
  token: string
  close(): Promise<void>
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const host = options.host ?? '127.0.0.1'
  let origin = ''

  const tokenMatches = (candidate: string | undefined | null) => {
    if (!candidate) return false
    const a = Buffer.from(candidate)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      options.registry.logger.log('error', 'host request failed', { error: String(error) })
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error')
      else res.destroy()
    })
  })

  // What Node's HTTP parser refuses (a raw non-ASCII path, a broken header) gets a body too.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 17\r\nConnection: close\r\n\r\nMalformed request')
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // A page on another origin could reach loopback through DNS rebinding; only our own Host is served.
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain; charset=utf-8', 'Wrong host')
    let url: URL
    let path: string
    try {
      url = new URL(req.url ?? '/', origin)
      // A malformed %-escape (`/%`, `/assets/%ff`) is the client's error, not ours.
      path = decodeURIComponent(url.pathname)
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'Malformed address')
    }

    if (path.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Use POST')
      if (!tokenMatches(req.headers[TOKEN_HEADER] as string | undefined)) return send(res, 401, 'application/json', JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'Missing or wrong host token.' } }))
      // A body declared too large is refused before it is read.
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
        req.resume()
        res.setHeader('Connection', 'close')
        return send(res, 413, 'application/json', JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'Request body too large.' } }))
      }
      const body = await readBody(req)
      if (body === null) return send(res, 413, 'application/json', JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'Request body too large.' } }))
      let input: unknown
      try {
        input = body.length ? JSON.parse(body) : {}
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'The request body is not valid JSON.' } }))
      }
      const result = await dispatch(options.handlers, options.registry, path.slice('/api/call/'.length), input)
      return send(res, 200, 'application/json', JSON.stringify(result))
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')
    const fromQuery = url.searchParams.get('token')
    const fromCookie = parseCookie(req.headers.cookie ?? '')[COOKIE]
    if (path === '/api/events') {
      // EventSource cannot send a header; the page's HttpOnly cookie (SameSite=Strict) carries the token.
      if (!tokenMatches(fromCookie)) return send(res, 401, 'text/plain; charset=utf-8', 'Missing or wrong host token.')
      return streamEvents(res)
    }
    if (!tokenMatches(fromQuery) && !tokenMatches(fromCookie)) {
      return send(res, 401, 'text/plain; charset=utf-8', 'Paydesk: open the address printed by `npm run web` (it carries the access token).')
    }
    const extra: Record<string, string> = tokenMatches(fromQuery) ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}` } : {}
    const relative = path === '/' ? 'index.html' : path.slice(1)
    const file = normalize(join(options.rendererDir, relative))
    if (!file.startsWith(normalize(options.rendererDir) + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    try {
      const data = await readFile(file)
      return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', data, extra)
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    }
  }

  const streams = new Set<ServerResponse>()
  function streamEvents(res: ServerResponse) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
    res.write('retry: 1000\n\n')
    streams.add(res)
    const unsubscribe = options.registry.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
    // A comment now and then keeps proxies and the browser from closing an idle stream.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    res.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      streams.delete(res)
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://${host}:${port}`
  return {
    origin,
    token,
    url: `${origin}/?token=${token}`,
    close: () =>
      new Promise((resolve) => {
        for (const stream of streams) stream.end()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra })
  res.end(body)
}

function parseCookie(header: string): Record<string, string> {
  return Object.fromEntries(
    header
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2),
  )
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
