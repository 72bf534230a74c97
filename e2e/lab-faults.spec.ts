import AxeBuilder from '@axe-core/playwright'
import { expect, testWithOwnServer } from './fixtures.ts'

// Faults change the demo environment while they are active: this journey gets a server of its own.
const test = testWithOwnServer

test('the Lab panel injects "UDP 4500 blocked host-1 → host-2", the Findings page shows it live, clearing empties it again', async ({ page, api, demo }) => {
  await page.goto(`/environments/${demo.id}/hosts`)
  await page.getByRole('link', { name: 'Lab panel' }).click()
  await expect(page).toHaveURL(`/environments/${demo.id}/lab`)
  await expect(page.getByRole('heading', { name: 'Lab', level: 1 })).toBeVisible()
  await expect(page).toHaveTitle(`Lab · ${demo.name} · Paddock`)
  await expect(page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Lab' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByText('Lab only — simulated hosts')).toBeVisible()
  await expect(page.getByText('No active faults')).toBeVisible()

  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(serious).toEqual([])

  // a marker on the window survives in-app navigation only, not a reload
  await page.evaluate(() => ((window as unknown as { labMarker: boolean }).labMarker = true))
  const notReloaded = () => page.evaluate(() => (window as unknown as { labMarker?: boolean }).labMarker === true)

  const form = page.getByRole('form', { name: 'Inject a fault' })
  await form.getByLabel('Fault').selectOption('udp-blocked')
  await expect(page).toHaveURL(/[?&]fault=udp-blocked/)
  await form.getByLabel('From host').selectOption({ label: 'host-1 (192.168.50.11)' })
  await form.getByLabel('To host').selectOption({ label: 'host-2 (192.168.50.12)' })
  await form.getByLabel('UDP port').selectOption('4500')
  await form.getByRole('button', { name: 'Inject fault' }).click()
  const active = page.getByRole('list', { name: 'Active faults' })
  await expect(active.getByText('UDP 4500 blocked host-1 → host-2')).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Injected' })).toContainText('UDP 4500 blocked host-1 → host-2')

  // the Findings page (reached inside the app) shows it, without a reload
  await page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Findings' }).click()
  await expect(page.getByRole('heading', { name: 'Findings', level: 1 })).toBeVisible()
  await expect(page.getByText(/port\.tunnel-blocked|peer\.unreachable/).first()).toBeVisible({ timeout: 10_000 })
  await expect(page.getByText('No findings: every check passed')).toHaveCount(0)
  expect(await notReloaded()).toBe(true)

  // clear it from the Lab panel; the findings empty again
  await page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Lab' }).click()
  await expect(page).toHaveURL(`/environments/${demo.id}/lab`)
  await page.getByRole('button', { name: 'Clear UDP 4500 blocked host-1 → host-2' }).click()
  await expect(page.getByText('No active faults')).toBeVisible()
  await page.getByRole('navigation', { name: 'Environment pages' }).getByRole('link', { name: 'Findings' }).click()
  await expect(page.getByText('No findings: every check passed')).toBeVisible({ timeout: 10_000 })
  expect(await notReloaded()).toBe(true)

  // nothing left behind
  const faults = await (await api.get(`/api/v1/environments/${demo.id}/lab/faults`)).json()
  expect(faults.items).toEqual([])
})
