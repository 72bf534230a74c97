import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'

// ipsec/18 as Rancher shipped it, and the template's config.yml.
const IPSEC = new URL('../../shared/corpus/rancher-catalog/infra-templates/ipsec/', import.meta.url)
const read = (path: string) => readFileSync(fileURLToPath(new URL(path, IPSEC)), 'utf8')
const DOCKER_COMPOSE = read('18/docker-compose.yml.tpl')
const RANCHER_COMPOSE = read('18/rancher-compose.yml')
const CONFIG = read('config.yml')

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${label}: ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
}

// The server is shared with the other journeys of this worker: never leave the import behind
// (the built-in "Rancher IPsec" must stay the only template of that name for them).
test.afterEach(async ({ api }) => {
  await api.delete('/api/v1/catalog/rancher-ipsec')
})

test('an operator imports ipsec/18, tries its questions as a form and deletes it again', async ({ page, api }) => {
  await page.goto('/catalog')
  await page.getByRole('link', { name: 'Import template' }).click()
  await expect(page).toHaveURL(/\/catalog\/import$/)
  await expect(page).toHaveTitle('Import catalog template · Catalog · Paddock')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import catalog template')
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await expectNoSeriousViolations(page, `${scheme} empty import`)
  }

  // paste the three files; the check runs in the browser as they come in
  await expect(page.getByRole('checkbox', { name: 'Go template (.tpl)' })).toBeChecked()
  await page.getByLabel('docker-compose.yml(.tpl)', { exact: true }).fill(DOCKER_COMPOSE)
  await page.getByLabel('rancher-compose.yml', { exact: true }).fill(RANCHER_COMPOSE)
  await page.getByLabel('config.yml', { exact: true }).fill(CONFIG)
  const check = page.getByRole('region', { name: 'Check' })
  await expect(check).toContainText('Creates a new custom catalog template.')
  await expect(check).toContainText('rancher-ipsec')
  await expect(check).toContainText('0 errors')
  await expect(page.getByLabel('ID (optional)')).toHaveAttribute('placeholder', 'rancher-ipsec')

  // a mistake shows at once with its file, line and code
  await page.getByLabel('rancher-compose.yml', { exact: true }).fill(RANCHER_COMPOSE.replace("default: '10.42.0.0/16'", "default: '10.42.0.0/33'"))
  const problems = check.getByRole('list', { name: 'Problems' })
  const subnetProblem = problems.getByRole('listitem').filter({ hasText: 'CIDR_PREFIX_RANGE' }).first()
  await expect(subnetProblem).toContainText(/docker-compose\.yml\.tpl:\d+:\d+/)
  await expect(subnetProblem).toContainText('error')
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await expectNoSeriousViolations(page, `${scheme} import with problems`)
  }
  await page.getByLabel('rancher-compose.yml', { exact: true }).fill(RANCHER_COMPOSE)
  await expect(check).toContainText('0 errors')

  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page).toHaveURL(/\/catalog\/rancher-ipsec$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalog template Rancher IPsec')
  await expect(page).toHaveTitle('Rancher IPsec · Catalog template · Paddock')
  await expect(page.getByText('source: custom', { exact: true })).toBeVisible()

  // its questions are a form, defaults prefilled
  const form = page.getByRole('form', { name: 'Answers for version 0.2.5' })
  const subnet = form.getByRole('textbox', { name: 'Subnet', exact: true })
  await expect(subnet).toHaveValue('10.42.0.0/16')
  await expect(form.getByRole('spinbutton', { name: 'MTU for the network' })).toHaveValue('1500')
  await expect(form.getByRole('checkbox', { name: 'Enable Host Ports' })).toBeChecked()
  const tryAnswers = page.getByRole('region', { name: 'Try answers' })
  await expect(tryAnswers).toContainText('0 errors')
  await expect(tryAnswers.getByLabel('Contents of rendered docker-compose.yml')).toContainText('network_address: 10.42.0.0/16')

  // a /33 subnet: an error under the field, and in the problems list
  await subnet.fill('10.42.0.0/33')
  await expect(subnet).toHaveAttribute('aria-invalid', 'true')
  const subnetField = form.locator('.answer-field').filter({ has: page.getByRole('textbox', { name: 'Subnet', exact: true }) })
  await expect(subnetField.locator('.field-error')).toContainText('/33')
  await expect(page.getByRole('list', { name: 'Problems of version 0.2.5 with these answers' })).toContainText('CIDR_PREFIX_RANGE')
  await expect(tryAnswers.getByLabel('Contents of rendered docker-compose.yml')).toContainText('network_address: 10.42.0.0/33')
  // the URL keeps the answer
  await expect(page).toHaveURL(/answers\.SUBNET=10\.42\.0\.0%2F33/)
  await page.reload()
  await expect(page.getByRole('form', { name: 'Answers for version 0.2.5' }).getByRole('textbox', { name: 'Subnet', exact: true })).toHaveValue('10.42.0.0/33')

  // the catalog lists it as custom; then it is deleted
  expect((await (await api.get('/api/v1/catalog/rancher-ipsec')).json()).source).toBe('custom')
  await page.getByRole('button', { name: 'Delete', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete catalog template' })
  await expect(dialog).toContainText('rancher-ipsec')
  await dialog.getByRole('button', { name: 'Delete Rancher IPsec' }).click()
  await expect(page).toHaveURL(/\/catalog$/)
  const catalog = page.getByRole('table', { name: 'Catalog templates' })
  await expect(catalog).toBeVisible()
  await expect(catalog.getByText('rancher-ipsec', { exact: true })).toHaveCount(0)
  await expect(catalog.getByRole('row').filter({ hasText: 'ipsec' }).first()).toContainText('built-in')
  expect((await api.get('/api/v1/catalog/rancher-ipsec')).status()).toBe(404)
})

test('the import screen shows the server refusal with its details', async ({ page, api }) => {
  await page.goto('/catalog/import')
  await page.getByLabel('docker-compose.yml(.tpl)', { exact: true }).fill(DOCKER_COMPOSE)
  await page.getByLabel('rancher-compose.yml', { exact: true }).fill(RANCHER_COMPOSE)
  await page.getByLabel('ID (optional)').fill('ipsec')
  await expect(page.getByRole('region', { name: 'Check' })).toContainText('is the id of a built-in catalog template')
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const refusal = page.getByRole('alert').filter({ hasText: 'The import was refused' })
  await expect(refusal).toContainText('NAME_TAKEN')
  await expect(refusal).toContainText('HTTP 409')
  await expect(page.getByRole('list', { name: 'Why' })).toContainText('built-in')
  await expect(page).toHaveURL(/\/catalog\/import$/)
  // the draft survives a reload
  await page.reload()
  await expect(page.getByLabel('ID (optional)')).toHaveValue('ipsec')
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(page.getByLabel('rancher-compose.yml', { exact: true })).toHaveValue('')
  expect((await (await api.get('/api/v1/catalog/ipsec')).json()).source).toBe('builtin')
})
