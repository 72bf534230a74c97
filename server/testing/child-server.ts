/**
 * The real server as a child process (`node --import tsx server/main.ts`) for the tests that
 * must kill it for real (crash safety) or run several of it (replicas).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FreshDatabase } from './test-db.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const API = '/api/v1'

export interface ChildServer {
  process: ChildProcess
  url: string
  /** Resolves when the process has exited (after a kill, too). */
  exited: Promise<void>
  /** The last 4000 characters it wrote to stderr (why it died, when it did). */
  stderr(): string
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
 * Starts the server on `db` (demo off, the given admin password, `env` on top) and waits up to
 * 20 s for /health; its stderr tail goes into the error when it does not come up.
 */
export async function startChildServer(db: FreshDatabase, opts: { adminPassword: string; name?: string; env?: Record<string, string> }): Promise<ChildServer> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    PADDOCK_ADMIN_PASSWORD: opts.adminPassword,
    PADDOCK_DEMO: 'false',
    LOG_LEVEL: 'warn',
    STATIC_DIR: '/nonexistent',
    ...opts.env,
  }
  delete env.DATABASE_URL
  if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const name = opts.name ?? 'server'
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${stderr}`)
    try {
      if ((await fetch(`${url}${API}/health`)).status === 200) return { process: child, url, exited, stderr: () => stderr }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${name} not healthy in 20 s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** SIGKILL, unless it is already gone; resolves once it has exited. */
export async function killChildServer(child: ChildServer | null | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return
  child.process.kill('SIGKILL')
  await child.exited
}

/** Signs in on `url` as the admin and creates an API key: answers the HTTP Basic authorization header. */
export async function adminApiKey(url: string, adminPassword: string, keyName: string): Promise<string> {
  const login = await fetch(`${url}${API}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  })
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}`)
  const me = (await login.json()) as { csrfToken: string }
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
  const res = await fetch(`${url}${API}/api-keys`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ name: keyName }),
  })
  if (res.status !== 201) throw new Error(`creating an API key answered ${res.status}`)
  const key = (await res.json()) as { accessKey: string; secret: string }
  return `Basic ${Buffer.from(`${key.accessKey}:${key.secret}`).toString('base64')}`
}
