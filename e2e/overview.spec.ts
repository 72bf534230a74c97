import AxeBuilder from '@axe-core/playwright'
import { expect, test } from './fixtures.ts'

test('a newcomer opens the dashboard and sees the default network of the demo environment', async ({ page, demo }) => {
  await page.goto('/')
  await expect(page).toHaveURL(new RegExp(`/environments/${demo.id}$`))
  await expect(page).toHaveTitle(/Overview/)

  const card = page.getByRole('region', { name: 'Default network' })
  await expect(card).toBeVisible()
  await expect(card.getByText('10.42.0.0/16', { exact: true })).toBeVisible()
  await expect(card.getByText('10.42.0.1', { exact: true })).toBeVisible()
  await expect(card.getByText('169.254.169.250')).toBeVisible()
  await expect(card.getByText('rancher.internal')).toBeVisible()
  await expect(card.locator('dt:text-is("Host ports") + dd')).toHaveText(/^on\b/)
  await expect(card.locator('dt:text-is("Container MTU (eth0)") + dd')).toContainText('1402')
  await expect(card.getByText('Rancher IPsec')).toBeVisible()
  await expect(card.getByText('10-rancher.conf')).toBeVisible()

  const stacks = page.getByRole('region', { name: 'Infrastructure stacks' })
  for (const name of ['network-services', 'ipsec', 'scheduler', 'healthcheck']) {
    await expect(stacks.getByText(name, { exact: true }).first()).toBeVisible()
  }
  // reload restores the same page
  await page.reload()
  await expect(page.getByRole('region', { name: 'Default network' })).toBeVisible()
})

test('the overview has no serious accessibility violations in either theme', async ({ page, demo }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto(`/environments/${demo.id}`)
    await expect(page.getByRole('region', { name: 'Default network' }).getByText('10.42.0.0/16', { exact: true })).toBeVisible()
    const results = await new AxeBuilder({ page }).analyze()
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${scheme}: ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
  }
})
