import { test as base, expect, type APIRequestContext } from '@playwright/test'
import { startServer, type RunningServer } from './server.ts'

export interface Environment {
  id: string
  name: string
}

/** Journeys share one real server per worker; each gets an API client and the demo environment. */
export const test = base.extend<{ api: APIRequestContext; demo: Environment }, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer()
      await use(server)
      await server.stop()
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  api: async ({ playwright, server }, use) => {
    const api = await playwright.request.newContext({ baseURL: server.url })
    await use(api)
    await api.dispose()
  },
  demo: async ({ api }, use) => {
    const res = await api.get('/api/v1/environments')
    const env = (await res.json()).items.find((e: Environment) => e.name === 'Default')
    expect(env, 'the demo environment exists').toBeTruthy()
    await use(env)
  },
})

export { expect }

/**
 * Journeys that change the demo environment for good (apply a stack change, inject faults,
 * launch and remove containers, remove a driver): each test gets a server of its own, so the
 * worker's shared one stays as the other journeys expect it.
 */
export const testWithOwnServer = test.extend<{ own: RunningServer }>({
  own: async ({}, use) => {
    const server = await startServer()
    await use(server)
    await server.stop()
  },
  baseURL: async ({ own }, use) => use(own.url),
  api: async ({ playwright, own }, use) => {
    const api = await playwright.request.newContext({ baseURL: own.url })
    await use(api)
    await api.dispose()
  },
})
