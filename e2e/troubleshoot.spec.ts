import { expect, testWithOwnServer } from './fixtures.ts'

// The fault changes the demo environment while it is active: a server of its own.
const test = testWithOwnServer

type Host = { id: string; name: string }

test('UDP 4500 blocked host-2 → host-3: the matrix fails one direction only, the trace stops at the tunnel with the fix, the timeline and the export name it; clearing turns it green live', async ({
  page,
  api,
  demo,
}) => {
  const hosts = (await (await api.get(`/api/v1/environments/${demo.id}/hosts`)).json()).items as Host[]
  const byName = (name: string) => hosts.find((h) => h.name === name)!

  await page.goto(`/environments/${demo.id}/reachability`)
  const matrix = page.getByRole('table', { name: /Reachability between hosts/ })
  await expect(matrix.getByRole('button', { name: 'host-2 → host-3: ok' })).toBeVisible({ timeout: 15_000 })
  // a marker on the window survives in-app URL changes only, not a reload
  await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true))
  const notReloaded = () => page.evaluate(() => (window as unknown as { marker?: boolean }).marker === true)

  const injected = await api.post(`/api/v1/environments/${demo.id}/lab/faults`, {
    data: { type: 'udp-blocked', fromHostId: byName('host-2').id, toHostId: byName('host-3').id, port: 4500 },
  })
  expect(injected.status()).toBe(201)
  const fault = await injected.json()

  // one direction fails, the other stays ok — without a reload
  const broken = matrix.getByRole('button', { name: /^host-2 → host-3: (failing|tunnel port blocked)$/ })
  await expect(broken).toBeVisible({ timeout: 10_000 })
  await expect(matrix.getByRole('button', { name: 'host-3 → host-2: ok' })).toBeVisible()

  // "Only broken" leaves the failing cell
  await page.getByLabel('Only broken').check()
  await expect(matrix.getByRole('button', { name: 'host-1 → host-3: ok' })).toHaveCount(0)
  await expect(broken).toBeVisible()

  // the cell opens the trace of a container pair on those hosts: it fails at the tunnel, with the fix
  await broken.click()
  await expect(page.getByRole('heading', { name: 'Verdict: unreachable' })).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('heading', { name: /^fail Tunnel host-2 → host-3/ })).toBeVisible()
  await expect(page.getByLabel(/^Fix for Tunnel host-2 → host-3/).first()).toContainText(/4500/)

  // the timeline shows the fault; the export names it
  const timeline = page.getByRole('region', { name: 'Network timeline' })
  await expect(timeline.getByText('Fault injected: UDP 4500 blocked host-2 → host-3')).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('link', { name: 'Export for a support ticket' })).toHaveAttribute('href', /\/diagnostics\/export\?download=1$/)
  const exported = await (await api.get(`/api/v1/environments/${demo.id}/diagnostics/export`)).json()
  expect(exported.summary).toContain('UDP 4500 blocked host-2 → host-3')
  expect(exported.findings.map((f: { checkId: string }) => f.checkId)).toContain('port.tunnel-blocked')

  // clearing turns the cell green live and the timeline says so
  expect((await api.delete(`/api/v1/environments/${demo.id}/lab/faults/${fault.id}`)).status()).toBe(204)
  await page.getByLabel('Only broken').uncheck()
  await expect(matrix.getByRole('button', { name: 'host-2 → host-3: ok' })).toBeVisible({ timeout: 10_000 })
  await expect(timeline.getByText('Fault cleared: UDP 4500 blocked host-2 → host-3')).toBeVisible()
  expect(await notReloaded()).toBe(true)
})
