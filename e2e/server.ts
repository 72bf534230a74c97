import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** The bootstrap account of every e2e server (each starts on a fresh database with this password). */
export const E2E_ADMIN = { username: 'admin', password: 'paddock-e2e-admin-password' } as const

export interface RunningServer {
  url: string
  port: number
  dataDir: string
  process: ChildProcess
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/**
 * Starts the real control plane (`server/main.ts`) on the built SPA, a temp SQLite file and
 * fast lab agents, and waits until /api/v1/health answers.
 */
export async function startServer(opts: { port?: number; dataDir?: string } = {}): Promise<RunningServer> {
  const port = opts.port ?? (await freePort())
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-e2e-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PADDOCK_ADMIN_PASSWORD: E2E_ADMIN.password,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LAB_INTERVAL_MS: '150',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'dist',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`${url}/api/v1/health`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy in 30 s')
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    dataDir,
    process: child,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill(signal)
      }),
  }
}

/** A signed-in session for plain `fetch` calls (outside Playwright's request contexts). */
export interface ApiSession {
  /** `cookie` and `x-csrf-token`: spread into a request's headers. */
  headers: Record<string, string>
  fetch(path: string, init?: { method?: string; body?: unknown }): Promise<Response>
}

/** Signs in through `POST /api/v1/auth/login` and keeps the session cookie and CSRF token. */
export async function apiSession(url: string, account: { username: string; password: string } = E2E_ADMIN): Promise<ApiSession> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${account.username} answered ${res.status}: ${await res.text()}`)
  const me = (await res.json()) as { csrfToken: string | null }
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
  if (!cookie) throw new Error('sign-in set no session cookie')
  const headers: Record<string, string> = { cookie, ...(me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) }
  return {
    headers,
    fetch: (path, init = {}) =>
      fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: { ...headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
  }
}
