import AxeBuilder from '@axe-core/playwright'
import { expect, test } from './fixtures.ts'

test('the reachability page: the demo matrix is all ok, web-1 → db-1 traces as reachable, the URL restores it', async ({ page, demo }) => {
  await page.goto(`/environments/${demo.id}/reachability`)
  await expect(page.getByRole('heading', { name: 'Reachability', level: 1 })).toBeVisible()
  await expect(page).toHaveTitle(`Reachability · ${demo.name} · Paddock`)
  const nav = page.getByRole('navigation', { name: 'Environment pages' })
  await expect(nav.getByRole('link', { name: 'Reachability' })).toHaveAttribute('aria-current', 'page')

  // every directed pair of the healthy lab is ok (the agents may still be on their first round)
  const matrix = page.getByRole('table', { name: /Reachability between hosts/ })
  const cells = matrix.getByRole('button')
  await expect(cells.first()).toBeVisible()
  await expect(async () => {
    const labels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
    expect(labels.length).toBeGreaterThanOrEqual(6)
    expect(labels.filter((l) => !l.endsWith(': ok'))).toEqual([])
  }).toPass({ timeout: 15_000 })
  await expect(matrix.getByRole('button', { name: 'host-1 → host-3: ok' })).toBeVisible()

  // a cell selects the pair; the URL keeps it
  await matrix.getByRole('button', { name: 'host-1 → host-3: ok' }).click()
  await expect(page.getByRole('heading', { name: 'host-1 → host-3', level: 2 })).toBeVisible()
  await expect(page.getByText('No findings about these two hosts')).toBeVisible()
  expect(new URL(page.url()).searchParams.get('from')).toBeTruthy()

  // keyboard: arrows move between cells
  await matrix.getByRole('button', { name: 'host-1 → host-3: ok' }).focus()
  await page.keyboard.press('ArrowDown')
  await expect(matrix.getByRole('button', { name: 'host-2 → host-3: ok' })).toBeFocused()

  // Why can't A reach B?
  // options read "web-1 (10.42.x.y)": pick by name
  for (const [field, name] of [['From container (A)', 'web-1'], ['To container (B)', 'db-1']] as const) {
    const select = page.getByLabel(field)
    const value = await select.locator('option', { hasText: new RegExp(`^${name} \\(`) }).getAttribute('value')
    await select.selectOption(value!)
  }
  await page.getByRole('button', { name: 'Trace', exact: true }).click()
  const trace = page.getByRole('region', { name: /Verdict/ })
  await expect(trace.getByRole('heading', { name: 'Verdict: reachable' })).toBeVisible()
  for (const hop of ['Source container web-1', 'Source host host-1: router', 'Tunnel host-1 → host-3', 'Destination host host-3: router', 'Destination container db-1']) {
    await expect(trace.getByRole('heading', { name: `ok ${hop}`, exact: false })).toBeVisible()
  }

  // real packets: host-1's (simulated) agent answers the probe in its next round
  await page.getByRole('button', { name: 'Send real packets (ping)' }).click()
  const realPackets = page.getByRole('region', { name: 'Real packets' })
  const output = realPackets.getByLabel('What the agent printed')
  await expect(output).toContainText('3 packets transmitted, 3 received, 0% packet loss', { timeout: 10_000 })
  await expect(output).toContainText('simulated host')
  await expect(realPackets.getByText(/^ok$/)).toBeVisible()
  await expect(realPackets.getByText(/from host-1 · RTT 0\.4 ms/)).toBeVisible()
  await expect(realPackets.getByText('simulated host', { exact: true })).toBeVisible()

  // a reload restores the pair and the trace
  await page.reload()
  await expect(page.getByRole('heading', { name: 'host-1 → host-3', level: 2 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Verdict: reachable' })).toBeVisible()
  await expect(page.getByLabel('From container (A)')).toHaveValue(/.+/)

  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(serious).toEqual([])
})
