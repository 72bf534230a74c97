import { expect, testWithOwnServer } from './fixtures.ts'

// These journeys launch and remove containers and leave a leaked address behind: they get a
// server of their own so the shared demo environment stays as the other journeys expect it.
const test = testWithOwnServer

test('a Docker-CLI container joins the managed network only with the label: both IPs side by side, or the reason there is none', async ({ page, demo }) => {
  await page.goto(`/environments/${demo.id}/containers`)

  // Without the label: Docker bridge only, and the page says why there is no managed IP.
  await page.getByRole('button', { name: 'Launch container' }).click()
  const form = page.getByRole('dialog')
  await form.getByLabel('Name', { exact: true }).fill('cli-plain')
  await form.getByLabel('Image', { exact: true }).fill('alpine:3.19')
  await form.getByLabel('Network mode', { exact: true }).selectOption('bridge')
  await form.getByLabel('Created from the Docker CLI', { exact: false }).check()
  await form.getByRole('button', { name: 'Launch' }).click()
  await expect(page.getByRole('heading', { name: 'cli-plain', level: 1 })).toBeVisible()
  const plainCard = page.getByRole('main')
  await expect(plainCard.getByText(/^172\.17\.\d+\.\d+$/).first()).toBeVisible({ timeout: 5_000 })
  await expect(plainCard.getByText('Docker CLI container without the managed-network label').first()).toBeVisible()
  await expect(plainCard.getByText(/io\.rancher\.container\.network=true/).first()).toBeVisible()

  // With the label: a 10.42.x.x managed IP next to the 172.17.x.x Docker IP.
  await page.goto(`/environments/${demo.id}/containers`)
  await page.getByRole('button', { name: 'Launch container' }).click()
  await form.getByLabel('Name', { exact: true }).fill('cli-labelled')
  await form.getByLabel('Image', { exact: true }).fill('alpine:3.19')
  await form.getByLabel('Network mode', { exact: true }).selectOption('bridge')
  await form.getByLabel('Created from the Docker CLI', { exact: false }).check()
  await form.getByLabel('Join the managed network', { exact: false }).check()
  await form.getByRole('button', { name: 'Launch' }).click()
  await expect(page.getByRole('heading', { name: 'cli-labelled', level: 1 })).toBeVisible()
  const card = page.getByRole('main')
  await expect(card.getByText(/^10\.42\.\d+\.\d+$/).first()).toBeVisible()
  await expect(card.getByText(/^172\.17\.\d+\.\d+$/).first()).toBeVisible({ timeout: 5_000 })
  await expect(card.getByText(/not visible in docker inspect/).first()).toBeVisible()

  // The table shows both, and the filter grammar finds it by its managed prefix.
  await page.goto(`/environments/${demo.id}/containers`)
  await page.getByRole('searchbox', { name: 'Filter by name, IP, host or network mode' }).fill('native:true ip:10.42.')
  const row = page.getByRole('table').getByRole('row').filter({ has: page.getByText('cli-labelled', { exact: true }) })
  await expect(row).toBeVisible()
  await expect(row.getByText(/^10\.42\.\d+\.\d+$/)).toBeVisible()
  await expect(row.getByText(/^172\.17\.\d+\.\d+$/)).toBeVisible()
  await expect(page.getByRole('table').getByText('cli-plain', { exact: true })).toHaveCount(0)
})

test('the IPAM check lists an address a host still uses after the container was removed, reported through the agent API', async ({ page, api, demo }) => {
  // A host agent that never cleans up: it registers and reports through the agent API only.
  const reg = await api.post('/api/v1/agent/register', {
    data: { environmentId: demo.id, name: 'sloppy-host', agentIp: '192.168.50.77', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.77/24'], mtu: 1500 }], mtu: 1500 },
  })
  expect(reg.status()).toBe(201)
  const { hostId, token } = await reg.json()
  const auth = { Authorization: `Bearer ${token}` }
  expect((await api.post('/api/v1/agent/heartbeat', { headers: auth, data: {} })).status()).toBe(200)

  const launched = await api.post(`/api/v1/environments/${demo.id}/containers`, { data: { name: 'leaky', image: 'nginx:1.25', hostId, networkMode: 'managed' } })
  expect(launched.status()).toBe(201)
  const leaky = await launched.json()
  expect(leaky.managedIp).toMatch(/^10\.42\./)
  const facts = { containerId: leaky.id, state: 'running', dockerIp: null, eth0Addresses: [`${leaky.managedIp}/16`], mtu: 1402 }
  expect((await api.post('/api/v1/agent/report', { headers: auth, data: { containers: [facts] } })).status()).toBe(200)

  // Paddock removes it and releases the address; the host keeps running it.
  expect((await api.delete(`/api/v1/environments/${demo.id}/containers/${leaky.id}`)).status()).toBe(200)
  expect((await api.post('/api/v1/agent/report', { headers: auth, data: { containers: [facts] } })).status()).toBe(200)

  await page.goto(`/environments/${demo.id}/findings`)
  const finding = page.getByRole('article').filter({ has: page.getByRole('heading', { name: /ipam\.lingering-on-host on leaky/ }) })
  await expect(finding).toBeVisible({ timeout: 5_000 })
  await expect(finding).toContainText(leaky.managedIp)
  await expect(finding).toContainText('sloppy-host')

  // The agent finally confirms the removal: the finding goes away live.
  expect((await api.post('/api/v1/agent/report', { headers: auth, data: { containers: [{ ...facts, state: 'removed', eth0Addresses: [] }] } })).status()).toBe(200)
  await expect(finding).toHaveCount(0, { timeout: 5_000 })
})
