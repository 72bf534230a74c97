import { expect, testWithOwnServer } from './fixtures.ts'

// These journeys create templates and environments and remove a driver stack: a server of
// their own keeps the shared demo environment as the other journeys expect it.
const test = testWithOwnServer

test('a VXLAN template on 10.60.0.0/16 gives an environment whose overview shows vxlan, the subnet and MTU 1450, its stacks turning active live', async ({ page }) => {
  await page.goto('/templates')
  await page.getByRole('link', { name: 'New template' }).click()
  const form = page.getByRole('form', { name: 'New environment template' })
  await form.getByLabel('Name', { exact: true }).fill('Cattle VXLAN 10.60')

  // Networking is one choice: VXLAN replaces IPsec, and the page says why two are refused.
  await expect(form.getByRole('radio', { name: 'IPsec' })).toBeChecked()
  await form.getByRole('radio', { name: 'VXLAN' }).check()
  await expect(form.getByRole('radio', { name: 'IPsec' })).not.toBeChecked()
  await expect(form.getByText('VXLAN replaces IPsec: an environment takes one network driver.')).toBeVisible()
  await expect(form.getByText(/two drivers at once broke Rancher 1\.6 environments/).first()).toBeVisible()

  // The answers are typed: a bad CIDR and a prefix that does not match are refused as typed.
  const subnet = form.getByLabel('Subnet', { exact: true })
  await subnet.fill('10.60.0.0/33')
  await expect(form.getByText(/SUBNET must be a CIDR/).first()).toBeVisible()
  await subnet.fill('10.60.0.0/16')
  await expect(form.getByText(/SUBNET must be a CIDR/)).toHaveCount(0)
  await form.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Cattle VXLAN 10.60')

  // Create an environment from it: progress shows live, waiting for a host until one is added.
  await page.getByRole('button', { name: /Create environment/ }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Name', { exact: true }).fill('vxlan-env')
  await dialog.getByRole('button', { name: 'Create environment' }).click()
  const progress = dialog.getByRole('region', { name: 'Progress of vxlan-env' })
  await expect(progress).toBeVisible()
  await expect(progress.getByText(/10\.60\.0\.0\/16/).first()).toBeVisible()
  const stacks = progress.getByRole('table', { name: 'Infrastructure stacks' })
  await expect(stacks.getByRole('row', { name: /vxlan/ })).toContainText('requested')

  let reloaded = false
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) reloaded = true
  })
  await progress.getByRole('button', { name: 'Add lab host' }).click()
  for (const name of ['network-services', 'vxlan']) await expect(stacks.getByRole('row', { name: new RegExp(name) })).toContainText('active', { timeout: 10_000 })
  expect(reloaded).toBe(false)

  await dialog.getByRole('link', { name: 'Open the environment' }).click()
  const card = page.getByRole('region', { name: 'Default network' })
  await expect(card.getByRole('link', { name: 'vxlan', exact: true })).toBeVisible()
  await expect(card.getByText('10.60.0.0/16', { exact: true }).first()).toBeVisible()
  await expect(card.locator('dt:text-is("Container MTU (eth0)") + dd')).toContainText('1450')
})

test('an MTU change made by answers shows as drift from the template: MTU 1500 → 1400', async ({ page, demo }) => {
  await page.goto(`/environments/${demo.id}/stacks`)
  const drift = page.getByRole('region', { name: 'Drift from the template' })
  await expect(drift.getByText('Created from template', { exact: false }).first()).toContainText('Cattle')
  await expect(drift.getByRole('list', { name: 'How ipsec differs (template → running)' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Upgrade stack ipsec' }).click()
  const dialog = page.getByRole('dialog', { name: 'Upgrade ipsec: answers' })
  await dialog.getByRole('spinbutton', { name: 'MTU for the network' }).fill('1400')
  await dialog.getByRole('button', { name: 'Preview the upgrade' }).click()
  await dialog.getByRole('button', { name: 'Apply upgrade' }).click()
  await expect(dialog.getByRole('status').filter({ hasText: 'Upgraded: ipsec is at revision' })).toBeVisible()
  await dialog.getByRole('button', { name: 'Close' }).click()

  await expect(drift.getByRole('list', { name: 'How ipsec differs (template → running)' })).toContainText('MTU 1500 → 1400')
})

test('removing the driver stack in use is refused with the containers named; forced, the overview says why and new managed containers are refused', async ({ page, api, demo }) => {
  await page.goto(`/environments/${demo.id}/stacks`)
  await page.getByRole('button', { name: 'Remove stack ipsec' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: 'Remove ipsec' }).click()
  await expect(dialog.getByRole('link', { name: 'web-1', exact: true })).toBeVisible()
  await expect(dialog.getByText(/no network for network mode managed/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Remove anyway' }).click()
  await expect(dialog).toHaveCount(0)

  await page.goto(`/environments/${demo.id}`)
  await expect(page.getByRole('alert').filter({ hasText: 'No default network' })).toBeVisible()
  const launched = await api.post(`/api/v1/environments/${demo.id}/containers`, { data: { name: 'after-removal', image: 'nginx', networkMode: 'managed' } })
  expect(launched.status()).toBe(422)
  expect((await launched.json()).error.message).toContain('no network for network mode managed')
})
