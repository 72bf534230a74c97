import { expect, test } from './fixtures.ts'
import { startServer } from './server.ts'

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

test('the page recovers by itself after a server restart', async ({ page }) => {
  const server = await startServer()
  try {
    const envs = await (await fetch(`${server.url}/api/v1/environments`)).json()
    const envId = envs.items[0].id
    await page.goto(`${server.url}/environments/${envId}/hosts`)
    await expect(page.getByText('Live', { exact: true })).toBeVisible()

    await server.stop()
    await expect(page.getByText('Reconnecting…')).toBeVisible({ timeout: 10_000 })
    const again = await startServer({ port: server.port, dataDir: server.dataDir })
    try {
      await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 15_000 })
      const res = await fetch(`${again.url}/api/v1/environments/${envId}/hosts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'after-restart' }) })
      expect(res.status).toBe(201)
      await expect(page.getByText('after-restart')).toBeVisible({ timeout: 2_000 })
    } finally {
      await again.stop()
    }
  } finally {
    await server.stop()
  }
})
