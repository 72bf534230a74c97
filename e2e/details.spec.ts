import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${label}: ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
}

test('an operator follows links from the overview and the hosts page to stacks, networks, hosts and containers', async ({ page, demo }) => {
  await page.goto(`/environments/${demo.id}`)
  await expect(page).toHaveTitle(/Overview/)

  // overview → stack page
  await page.getByRole('region', { name: 'Infrastructure stacks' }).getByRole('link', { name: 'ipsec', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/environments/${demo.id}/stacks/[^/]+$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stack ipsec')
  await expect(page).toHaveTitle('ipsec · Stack · Default · Paddock')
  const services = page.getByRole('table', { name: 'Services' })
  await expect(services.getByRole('row').filter({ hasText: 'cni-driver' })).toContainText('networkDriverService')
  await expect(page.getByRole('link', { name: 'Rancher IPsec version 0.2.5' })).toHaveAttribute('href', '/catalog/ipsec?version=0.2.5')
  await expect(page.getByRole('table', { name: 'Answers' }).getByRole('row').filter({ hasText: 'SUBNET_PREFIX' })).toContainText('16')
  await expect(page.getByLabel('Contents of docker-compose.yml')).toContainText('rancher/net:holder')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stack ipsec')

  // back → network page from the default network card
  await page.goBack()
  await expect(page).toHaveTitle(/Overview/)
  await page.getByRole('region', { name: 'Default network' }).getByRole('link', { name: 'ipsec', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Network ipsec')
  await expect(page).toHaveTitle('ipsec · Network · Default · Paddock')
  await expect(page.getByRole('region', { name: 'Default network' })).toBeVisible()
  // the network page shows each subnet with its usage, and the containers on the network
  const subnets = page.getByRole('region', { name: 'Subnets' })
  await expect(subnets.getByText('10.42.0.0/16', { exact: true }).first()).toBeVisible()
  await expect(subnets.getByText(/allocated of 65,529/).first()).toBeVisible()
  await expect(page.getByRole('link', { name: 'web-1', exact: true }).first()).toBeVisible()
  await expect(page.getByLabel('Network metadata (JSON)')).toContainText('cniConfig')

  // the overview lists every network, the Docker network modes included
  await page.goBack()
  const networks = page.getByRole('table', { name: 'Networks' })
  await expect(networks.getByRole('row')).toHaveCount(6)
  await networks.getByRole('link', { name: 'Docker Bridge Network Mode' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Network Docker Bridge Network Mode')
  await expect(page.getByRole('region', { name: 'Network' }).getByText('dockerBridge', { exact: true })).toBeVisible()

  // hosts → host page, by keyboard
  await page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Hosts' }).click()
  const hostLink = page.getByRole('table', { name: 'Hosts' }).getByRole('link', { name: 'host-1', exact: true })
  await hostLink.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Host host-1')
  await expect(page).toHaveTitle('host-1 · Host · Default · Paddock')
  await expect(page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Hosts' })).toHaveAttribute('aria-current', 'true')
  await expect(page.getByText('192.168.50.11', { exact: true })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Interfaces' })).toContainText('docker0')
  await expect(page.getByRole('table', { name: 'Infrastructure containers' }).getByRole('row')).not.toHaveCount(1)
  const onHost = page.getByRole('table', { name: 'Containers on host-1' })
  const web1 = onHost.getByRole('row').filter({ has: page.getByRole('link', { name: 'web-1', exact: true }) })
  await expect(web1).toContainText(/172\.17\.\d+\.\d+/)
  await expect(web1).toContainText(/10\.42\.\d+\.\d+/)

  // → a container
  await web1.getByRole('link', { name: 'web-1', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Container web-1')
  await expect(page).toHaveTitle('web-1 · Container · Default · Paddock')
  const addresses = page.getByRole('region', { name: 'Addresses' })
  await expect(addresses.getByRole('region', { name: 'Docker bridge IP' })).toContainText(/172\.17\.\d+\.\d+/)
  await expect(addresses.getByRole('region', { name: 'Managed IP' })).toContainText(/10\.42\.\d+\.\d+/)
  await expect(addresses.getByRole('region', { name: 'Managed IP' })).toContainText('not visible in docker inspect')
  await expect(page.getByRole('table', { name: 'Published ports' })).toContainText('8080')
  await expect(page.getByRole('link', { name: 'host-1' })).toHaveAttribute('href', new RegExp('/hosts/'))
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Container web-1')

  // → its network
  await page.getByRole('region', { name: 'Networking' }).getByRole('link', { name: 'ipsec', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Network ipsec')
})

test('the catalog shows a template version with its question defaults; the URL restores the version', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('navigation', { name: 'Global pages' }).getByRole('link', { name: 'Catalog' }).click()
  await expect(page).toHaveTitle('Catalog · Paddock')
  const catalog = page.getByRole('table', { name: 'Catalog templates' })
  await expect(catalog.getByRole('row').filter({ hasText: 'Rancher IPsec' })).toContainText('0.2.5')

  await catalog.getByRole('link', { name: 'Rancher IPsec' }).click()
  await expect(page).toHaveURL(/\/catalog\/ipsec$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalog template Rancher IPsec')
  const picker = page.getByRole('combobox', { name: 'Version' })
  await expect(picker).toHaveValue('0.2.5')

  await picker.selectOption('0.2.4')
  await expect(page).toHaveURL(/\/catalog\/ipsec\?version=0\.2\.4$/)
  const questions = page.getByRole('table', { name: 'Questions of version 0.2.4' })
  await expect(questions.getByRole('row').filter({ hasText: 'CONNECTIVITY_CHECK_INTERVAL' })).toContainText('5000')
  await expect(questions.getByRole('row').filter({ hasText: 'MTU for the network' })).toContainText('1500')
  await expect(questions.getByRole('row').filter({ hasText: 'MTU for the network' })).toContainText('68 – 9000')
  await expect(page.getByLabel('Contents of rancher-compose.yml')).toContainText('version: 0.2.4')

  await page.reload()
  await expect(page.getByRole('combobox', { name: 'Version' })).toHaveValue('0.2.4')
  await expect(page.getByRole('table', { name: 'Questions of version 0.2.4' })).toBeVisible()
})

test('an environment template opens the create-environment dialog with itself preselected', async ({ page }) => {
  await page.goto('/templates')
  await expect(page).toHaveTitle('Environment templates · Paddock')
  const templates = page.getByRole('table', { name: 'Environment templates' })

  await templates.getByRole('link', { name: 'Cattle VXLAN', exact: true }).click()
  await page.getByRole('button', { name: 'Create environment from this template' }).click()
  let dialog = page.getByRole('dialog', { name: 'Create environment' })
  await expect(dialog.getByRole('combobox', { name: 'Environment template' }).locator('option:checked')).toHaveText('Cattle VXLAN')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()

  await page.getByRole('link', { name: 'Environment templates' }).click()
  await page.getByRole('table', { name: 'Environment templates' }).getByRole('link', { name: 'Cattle', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Environment template Cattle')
  await expect(page).toHaveTitle('Cattle · Environment template · Paddock')
  const stacks = page.getByRole('table', { name: 'Infrastructure stacks of the template' })
  const ipsec = stacks.getByRole('row').filter({ hasText: 'Rancher IPsec' })
  await expect(ipsec).toContainText('default (0.2.5)')
  await expect(ipsec.getByRole('link', { name: 'Rancher IPsec' })).toHaveAttribute('href', '/catalog/ipsec')

  await page.getByRole('button', { name: 'Create environment from this template' }).click()
  dialog = page.getByRole('dialog', { name: 'Create environment' })
  await expect(dialog.getByRole('combobox', { name: 'Environment template' }).locator('option:checked')).toHaveText('Cattle')
  await expect(page).toHaveURL(/dialog=create-environment&template=/)
  // the URL restores the dialog and its preselection
  await page.reload()
  await expect(page.getByRole('dialog', { name: 'Create environment' }).getByRole('combobox', { name: 'Environment template' }).locator('option:checked')).toHaveText('Cattle')
})

test('the container page and the catalog pages have no serious accessibility violations in either theme', async ({ page, api, demo }) => {
  const containers = (await (await api.get(`/api/v1/environments/${demo.id}/containers?limit=500`)).json()).items as Array<{ id: string; name: string }>
  const web1 = containers.find((c) => c.name === 'web-1')
  expect(web1).toBeTruthy()
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto(`/environments/${demo.id}/containers/${web1?.id}`)
    await expect(page.getByRole('region', { name: 'Managed IP' })).toContainText(/10\.42\./)
    await expectNoSeriousViolations(page, `${scheme} container`)

    await page.goto('/catalog')
    await expect(page.getByRole('table', { name: 'Catalog templates' })).toBeVisible()
    await expectNoSeriousViolations(page, `${scheme} catalog`)

    await page.goto('/catalog/ipsec?version=0.2.4')
    await expect(page.getByRole('table', { name: 'Questions of version 0.2.4' })).toBeVisible()
    await expectNoSeriousViolations(page, `${scheme} catalog template`)
  }
})
