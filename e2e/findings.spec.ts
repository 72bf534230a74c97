import AxeBuilder from '@axe-core/playwright'
import { expect, testWithOwnServer } from './fixtures.ts'

// Registering a host changes the demo environment for good: this journey gets a server of its
// own, so the shared one stays healthy for the other journeys.
const test = testWithOwnServer

test('the findings page runs the checklist live: a healthy lab has none, a host registered with docker0’s IP shows up without a reload', async ({
  page,
  api,
  demo,
}) => {
  await page.goto(`/environments/${demo.id}/findings`)
  await expect(page.getByRole('heading', { name: 'Findings', level: 1 })).toBeVisible()
  await expect(page).toHaveTitle(`Findings · ${demo.name} · Paddock`)
  await expect(page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Findings' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByText('No findings: every check passed')).toBeVisible()
  await expect(page.getByText(/^Checked at /)).toBeVisible()
  await expect(page.getByText('Live', { exact: true })).toBeVisible()

  let reloaded = false
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) reloaded = true
  })

  // A host registers through the agent API with Docker's bridge address, the classic wrong IP.
  const res = await api.post('/api/v1/agent/register', {
    data: {
      environmentId: demo.id,
      name: 'docker0-host',
      agentIp: '172.17.0.1',
      interfaces: [
        { name: 'eth0', cidrs: ['192.168.50.40/24'], mtu: 1500 },
        { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 },
      ],
      mtu: 1500,
    },
  })
  expect(res.status()).toBe(201)
  const { hostId } = await res.json()

  const finding = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'error agent-ip.docker-bridge on docker0-host' }) })
  await expect(finding).toBeVisible({ timeout: 5_000 })
  expect(reloaded).toBe(false)
  await expect(finding.getByRole('link', { name: 'docker0-host' })).toHaveAttribute('href', `/environments/${demo.id}/hosts/${hostId}`)
  await expect(finding.getByText('docker0-host registered with 172.17.0.1', { exact: false })).toBeVisible()
  await expect(finding.getByLabel('Fix for agent-ip.docker-bridge on docker0-host', { exact: true })).toContainText('-e CATTLE_AGENT_IP=192.168.50.40')
  await expect(page.getByText('No findings: every check passed')).toHaveCount(0)

  // "Run checks now" re-runs them; the list stays.
  await page.getByRole('button', { name: 'Run checks now' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'checked' })).toContainText(/\d+ errors?/)
  await expect(finding).toBeVisible()

  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(serious).toEqual([])

  // The overview counts them and links here; the URL restores the page.
  await page.goto(`/environments/${demo.id}`)
  const badge = page.getByRole('link', { name: /^Findings: [1-9]\d*$/ })
  await expect(badge).toBeVisible()
  await badge.click()
  await expect(page).toHaveURL(`/environments/${demo.id}/findings`)
  await expect(finding).toBeVisible()
})
