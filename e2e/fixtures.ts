import { test as base, expect, type APIRequestContext, type Browser, type BrowserContextOptions, type Page, type PlaywrightWorkerArgs } from '@playwright/test'
import { E2E_ADMIN, startServer, type RunningServer } from './server.ts'

export interface Environment {
  id: string
  name: string
}

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>

/**
 * Signs in through the sign-in page the way a person does: `/login`, Username, Password,
 * "Sign in", and waits until the app has left the sign-in page. `url` is the page to ask for
 * (the server's origin, or a page of it; signing in comes back to it).
 */
export async function signInThroughUi(page: Page, url: string, account: { username: string; password: string } = E2E_ADMIN): Promise<void> {
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Sign in to Paddock', level: 1 })).toBeVisible({ timeout: 15_000 })
  await page.getByLabel('Username').fill(account.username)
  await page.getByLabel('Password', { exact: true }).fill(account.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 15_000 })
}

/** A browser session on `server`, signed in through its UI: the storage state (the session cookie) every `page` starts with. */
async function signedInState(browser: Browser, server: RunningServer): Promise<StorageState> {
  const context = await browser.newContext({ baseURL: server.url })
  try {
    const page = await context.newPage()
    await signInThroughUi(page, `${server.url}/`)
    return await context.storageState()
  } finally {
    await context.close()
  }
}

/**
 * An API client signed in as the admin: the session cookie from `POST /auth/login` and its CSRF
 * token on every request (agent calls add their own `Authorization: Bearer`, which wins for them).
 */
async function signedInApi(playwright: PlaywrightWorkerArgs['playwright'], server: RunningServer): Promise<APIRequestContext> {
  const login = await playwright.request.newContext({ baseURL: server.url })
  const res = await login.post('/api/v1/auth/login', { data: E2E_ADMIN })
  expect(res.status(), 'the e2e admin signs in through the API').toBe(200)
  const me = (await res.json()) as { csrfToken: string | null }
  const storageState = await login.storageState()
  await login.dispose()
  return playwright.request.newContext({
    baseURL: server.url,
    storageState,
    extraHTTPHeaders: me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {},
  })
}

/** Journeys share one real server per worker, signed in once through its UI; each gets an API client and the demo environment. */
export const test = base.extend<{ api: APIRequestContext; demo: Environment }, { server: RunningServer; workerStorageState: StorageState }>({
  server: [
    async ({}, use) => {
      const server = await startServer()
      await use(server)
      await server.stop()
    },
    { scope: 'worker' },
  ],
  workerStorageState: [async ({ browser, server }, use) => use(await signedInState(browser, server)), { scope: 'worker' }],
  storageState: async ({ workerStorageState }, use) => use(workerStorageState),
  baseURL: async ({ server }, use) => use(server.url),
  api: async ({ playwright, server }, use) => {
    const api = await signedInApi(playwright, server)
    await use(api)
    await api.dispose()
  },
  demo: async ({ api }, use) => {
    const res = await api.get('/api/v1/environments')
    expect(res.status(), 'the environments answer the signed-in API client').toBe(200)
    const env = (await res.json()).items.find((e: Environment) => e.name === 'Default')
    expect(env, 'the demo environment exists').toBeTruthy()
    await use(env)
  },
})

export { expect }

/**
 * Starts a server with `env` laid over this process's environment. startServer (e2e/server.ts)
 * spawns with `process.env`, so the variables are set for the start and restored after it; the
 * worker runs one test at a time, so nothing else spawns meanwhile.
 */
async function startServerWithEnv(env: Readonly<Record<string, string>>): Promise<RunningServer> {
  const saved = Object.entries(env).map(([name]) => [name, process.env[name]] as const)
  Object.assign(process.env, env)
  try {
    return await startServer()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

const exited = (server: RunningServer) => server.process.exitCode !== null || server.process.signalCode !== null

/**
 * Stops a server the way an operator does: SIGTERM first, so it runs its shutdown (a real lab
 * removes its namespaces and agents then); SIGKILL only if it has not exited after `graceMs`.
 * Resolves once it has exited; answers whether it had to be killed.
 */
export async function stopServer(server: RunningServer, graceMs = 20_000): Promise<{ killed: boolean }> {
  if (exited(server)) return { killed: false }
  const gone = new Promise<void>((resolve) => server.process.once('exit', () => resolve()))
  server.process.kill('SIGTERM')
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = await Promise.race([gone.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)))])
  clearTimeout(timer)
  if (!timedOut) return { killed: false }
  if (!exited(server)) server.process.kill('SIGKILL')
  await gone
  return { killed: true }
}

/**
 * Journeys that change the demo environment for good (apply a stack change, inject faults,
 * launch and remove containers, remove a driver): each test gets a server of its own (a fresh
 * database with the same admin password), so the worker's shared one stays as the other journeys
 * expect it. Its pages are signed in through its own UI: the shared session is another server's.
 * `ownServerEnv` adds environment variables to that server (e.g. `PADDOCK_REAL_LAB`); it is
 * stopped with SIGTERM, and killed only when it does not exit.
 */
export const testWithOwnServer = test.extend<{ own: RunningServer; ownServerEnv: Readonly<Record<string, string>> }>({
  ownServerEnv: [{}, { option: true }],
  own: async ({ ownServerEnv }, use) => {
    const server = Object.keys(ownServerEnv).length > 0 ? await startServerWithEnv(ownServerEnv) : await startServer()
    await use(server)
    await stopServer(server)
  },
  storageState: async ({ browser, own }, use) => use(await signedInState(browser, own)),
  baseURL: async ({ own }, use) => use(own.url),
  api: async ({ playwright, own }, use) => {
    const api = await signedInApi(playwright, own)
    await use(api)
    await api.dispose()
  },
})
