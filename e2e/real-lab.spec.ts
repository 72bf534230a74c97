import AxeBuilder from '@axe-core/playwright'
import { exec } from '../agent/exec.ts'
import { deleteNamespaces, labCapability } from '../server/lab/real/namespaces.ts'
import { expect, stopServer, testWithOwnServer } from './fixtures.ts'

/**
 * The real lab in the browser: a server of its own runs "Real lab (VXLAN)" — three network
 * namespace hosts running the real agent, real VXLAN tunnels — and the journey breaks one
 * direction for real from the Lab page and watches the matrix follow. It runs only where the
 * lab can (Linux, root, /dev/net/tun, the CNI plugins, nftables, `ip netns add`); elsewhere it
 * is skipped with the reason.
 */

// Unique to this worker, so the check after the test (and the fallback cleanup) sees only this server's namespaces.
const PREFIX = `pdk-e2e${process.pid}-`

/** The names of the network namespaces this server made that still exist. */
async function leftNamespaces(): Promise<string[]> {
  const list = await exec('ip', ['netns', 'list'])
  return list.stdout
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name.startsWith(PREFIX))
}

const test = testWithOwnServer.extend<{ realLab: { prefix: string } }>({
  // Before the server starts: skip where the lab cannot run; after it has stopped (own is torn
  // down first), remove whatever it left behind, so a failed run does not leak namespaces.
  realLab: async ({}, use, testInfo) => {
    const can = await labCapability()
    testInfo.skip(!can.ok, `the real lab cannot run here: ${can.reasons.join('; ')}`)
    await use({ prefix: PREFIX })
    const errors = await deleteNamespaces(PREFIX)
    if (errors.length > 0) console.warn(`real-lab.spec: namespaces left behind: ${errors.join('; ')}`)
  },
  ownServerEnv: async ({ realLab }, use) => use({ PADDOCK_REAL_LAB: 'vxlan', PADDOCK_REAL_LAB_PREFIX: realLab.prefix }),
})

// bring-up of real namespaces, agents and tunnels, a fault and its recovery, and the server's teardown
test.setTimeout(150_000)

test('the real lab (VXLAN): a UDP 4789 block host-2 → host-3 from the Lab page fails that matrix cell, clearing it turns it green, stopping the server removes the namespaces', async ({
  page,
  api,
  own,
}) => {
  // the server creates the environment once it listens, then brings the hosts up
  let envId = ''
  await expect
    .poll(
      async () => {
        const res = await api.get('/api/v1/environments')
        const env = (await res.json()).items.find((e: { name: string }) => e.name === 'Real lab (VXLAN)')
        envId = env?.id ?? ''
        return envId
      },
      { message: 'the server creates "Real lab (VXLAN)"', timeout: 20_000 },
    )
    .not.toBe('')

  // an operator picks the environment, then Reachability
  await page.goto('/')
  await page.getByLabel('Environment', { exact: true }).selectOption({ label: 'Real lab (VXLAN)' })
  await expect(page).toHaveURL(new RegExp(`/environments/${envId}(/|$)`))
  const nav = page.getByRole('navigation', { name: 'Environment pages' })
  await nav.getByRole('link', { name: 'Reachability' }).click()
  await expect(page.getByRole('heading', { name: 'Reachability', level: 1 })).toBeVisible()

  // every direction between the three hosts is ok: real tunnels, up within 30 s
  const matrix = page.getByRole('table', { name: /Reachability between hosts/ })
  const cells = matrix.getByRole('button')
  const cellLabels = () => cells.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
  await expect(async () => {
    const labels = await cellLabels()
    expect(labels).toHaveLength(6)
    expect(labels.filter((l) => !l.endsWith(': ok'))).toEqual([])
  }).toPass({ timeout: 30_000 })

  // the hosts are badged as the real lab's
  await nav.getByRole('link', { name: 'Hosts' }).click()
  const hosts = page.getByRole('table', { name: 'Hosts' })
  await expect(hosts.getByText('real lab')).toHaveCount(3)
  await expect(hosts.getByText('simulated', { exact: true })).toHaveCount(0)

  // the Lab page (in the nav for real-lab hosts) blocks UDP 4789 host-2 → host-3 for real
  await nav.getByRole('link', { name: 'Lab' }).click()
  await expect(page.getByText('Lab only — real lab hosts (network namespaces)')).toBeVisible()
  const results = await new AxeBuilder({ page }).analyze()
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([])
  const form = page.getByRole('form', { name: 'Inject a fault' })
  await expect(form.getByLabel('Fault').locator('option[value="slow-metadata"]')).toHaveCount(0)
  await form.getByLabel('Fault').selectOption('udp-blocked')
  await form.getByLabel('From host').selectOption({ label: 'host-2 (192.168.50.12)' })
  await form.getByLabel('To host').selectOption({ label: 'host-3 (192.168.50.13)' })
  await form.getByLabel('UDP port').selectOption('4789')
  await form.getByRole('button', { name: 'Inject fault' }).click()
  const active = page.getByRole('list', { name: 'Active faults' })
  const fault = active.getByRole('listitem').filter({ hasText: /UDP 4789 .*host-2 .*host-3/ })
  await expect(fault).toHaveCount(1, { timeout: 10_000 })

  // the matrix shows that direction failing (the agents measured it), the reverse stays ok
  await nav.getByRole('link', { name: 'Reachability' }).click()
  await expect(matrix.getByRole('button', { name: /^host-2 → host-3: / })).not.toHaveAccessibleName('host-2 → host-3: ok', { timeout: 10_000 })
  await expect(matrix.getByRole('button', { name: 'host-3 → host-2: ok' })).toBeVisible()

  // clear it; green again
  await nav.getByRole('link', { name: 'Lab' }).click()
  await fault.getByRole('button', { name: /^Clear / }).click()
  await expect(page.getByText('No active faults')).toBeVisible({ timeout: 10_000 })
  await nav.getByRole('link', { name: 'Reachability' }).click()
  await expect(async () => {
    const labels = await cellLabels()
    expect(labels).toHaveLength(6)
    expect(labels.filter((l) => !l.endsWith(': ok'))).toEqual([])
  }).toPass({ timeout: 10_000 })

  // SIGTERM: the server removes its agents and namespaces before it exits
  const { killed } = await stopServer(own)
  expect(killed, 'the server exits on SIGTERM without being killed').toBe(false)
  expect(await leftNamespaces()).toEqual([])
})
