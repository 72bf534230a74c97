import { expect, signInThroughUi, test } from './fixtures.ts'
import { apiSession, startServer } from './server.ts'

test('a host added through the API appears on the open page within 2 s, without a reload', async ({ page, api, demo }) => {
  await page.goto(`/environments/${demo.id}/hosts`)
  await expect(page.getByRole('heading', { name: 'Hosts', level: 1 })).toBeVisible()
  await expect(page.getByText('Live', { exact: true })).toBeVisible()
  let reloaded = false
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) reloaded = true
  })

  const res = await api.post(`/api/v1/environments/${demo.id}/hosts`, { data: { name: 'added-by-api' } })
  expect(res.status()).toBe(201)
  await expect(page.getByText('added-by-api')).toBeVisible({ timeout: 2_000 })
  expect(reloaded).toBe(false)

  // and through the UI
  await page.getByRole('button', { name: 'Add lab host' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'simulated' })).not.toHaveCount(0)
})

test('the page recovers by itself after a server restart, still signed in', async ({ page }) => {
  const server = await startServer()
  try {
    const envs = await (await (await apiSession(server.url)).fetch('/api/v1/environments')).json()
    const envId = envs.items[0].id
    // A server of its own: sign in to it (its session outlives the restart: sessions are in the database).
    await signInThroughUi(page, `${server.url}/environments/${envId}/hosts`)
    await expect(page).toHaveURL(`${server.url}/environments/${envId}/hosts`)
    await expect(page.getByText('Live', { exact: true })).toBeVisible()

    await server.stop()
    await expect(page.getByText('Reconnecting…')).toBeVisible({ timeout: 10_000 })
    const again = await startServer({ port: server.port, dataDir: server.dataDir })
    try {
      await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 15_000 })
      const res = await (await apiSession(again.url)).fetch(`/api/v1/environments/${envId}/hosts`, { method: 'POST', body: { name: 'after-restart' } })
      expect(res.status).toBe(201)
      await expect(page.getByText('after-restart')).toBeVisible({ timeout: 2_000 })
      // the session from before the restart still works: a change through the UI, and no sign-in page
      const added = page.waitForResponse((r) => r.url().endsWith(`/api/v1/environments/${envId}/hosts`) && r.request().method() === 'POST')
      await page.getByRole('button', { name: 'Add lab host' }).click()
      expect((await added).status()).toBe(201)
      await expect(page).toHaveURL(`${again.url}/environments/${envId}/hosts`)
    } finally {
      await again.stop()
    }
  } finally {
    await server.stop()
  }
})
