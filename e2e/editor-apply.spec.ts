import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Locator, Page } from '@playwright/test'
import type * as Monaco from 'monaco-editor/editor'
import { expect, testWithOwnServer } from './fixtures.ts'

// Applying changes the demo environment's stack, network and containers: every test gets a
// server of its own (the worker's shared one would carry the change into the next journey).
const test = testWithOwnServer

// The editor exposes Monaco as `window.monaco` in automated browsers (see e2e/editor.spec.ts).
type MonacoWindow = Window & { monaco: typeof Monaco }
const DOCKER = '/edit/docker-compose.yml.tpl'

interface StackBody {
  id: string
  name: string
  revision: number
  answers: Record<string, string>
  dockerCompose: string
}

async function ipsecStack(api: APIRequestContext, envId: string): Promise<StackBody> {
  const stacks = (await (await api.get(`/api/v1/environments/${envId}/stacks`)).json()).items as StackBody[]
  const ipsec = stacks.find((s) => s.name === 'ipsec')
  expect(ipsec, 'the demo environment has the ipsec stack').toBeTruthy()
  return ipsec!
}

/** Changes the stack through the API, as another operator (or a pipeline) would. */
async function upgradeBehindTheEditorsBack(api: APIRequestContext, envId: string, answers: Record<string, string>): Promise<number> {
  const stack = await ipsecStack(api, envId)
  const res = await api.patch(`/api/v1/environments/${envId}/stacks/${stack.id}`, {
    headers: { 'if-match': String(stack.revision) },
    data: { answers: { ...stack.answers, ...answers } },
  })
  expect(res.status()).toBe(200)
  return (await res.json()).revision
}

async function openEditor(page: Page, envId: string, stackId: string) {
  await page.goto(`/environments/${envId}/stacks/${stackId}/edit`)
  await page.waitForFunction((s) => (window as unknown as MonacoWindow).monaco?.editor.getModels().some((m) => m.uri.path.endsWith(s)), DOCKER)
  await expect(page.getByRole('status').filter({ hasText: 'validated in' })).toHaveText(/^0 errors/)
}

/** Replaces the first `from` with `to` in the edited docker-compose, as one undoable edit (what typing does). */
async function replaceText(page: Page, from: string, to: string) {
  await page.evaluate(
    ([s, f, t]) => {
      const model = (window as unknown as MonacoWindow).monaco.editor.getModels().find((m) => m.uri.path.endsWith(s))!
      const match = model.findMatches(f, false, false, true, null, false)[0]
      if (!match) throw new Error(`${f} is not in ${s}`)
      model.pushEditOperations([], [{ range: match.range, text: t }], () => null)
    },
    [DOCKER, from, to] as const,
  )
}

/** The value next to a definition term (`<dt>term</dt><dd>value</dd>`) inside `scope`. */
const definition = (scope: Locator, term: string) => scope.locator('dt', { hasText: new RegExp(`^${term.replace(/[()]/g, '\\$&')}$`) }).locator('xpath=following-sibling::dd[1]')

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

test('an operator applies an MTU change: impact preview, If-Match upgrade, the overview and the lab hosts follow', async ({ page, api, demo }) => {
  test.setTimeout(90_000)
  const stack = await ipsecStack(api, demo.id)
  const hosts = ((await (await api.get(`/api/v1/environments/${demo.id}/hosts`)).json()).items as Array<{ name: string }>).map((h) => h.name)
  expect(hosts.length).toBeGreaterThan(0)
  await openEditor(page, demo.id, stack.id)

  const apply = page.getByRole('button', { name: 'Apply…' })
  await expect(apply).toBeDisabled()
  await expect(page.getByText('Nothing to apply: the files are as the stack stores them.')).toBeVisible()

  // The built-in template sets the bridge MTU from the MTU answer (1500); write 1400 instead.
  await replaceText(page, 'mtu: ${MTU}', 'mtu: 1400')
  await expect(apply).toBeEnabled()
  await apply.click()

  const dialog = page.getByRole('dialog', { name: 'Apply to Default' })
  await expect(dialog).toBeVisible()
  const network = dialog.getByRole('region', { name: 'Network changes' })
  await expect(network.getByRole('row', { name: 'MTU 1500 1400', exact: true })).toBeVisible()
  await expect(network.getByRole('row', { name: 'Effective MTU (container eth0) 1402 1302', exact: true })).toBeVisible()

  // Every host gets the same new 10-rancher.conf: shown once, for all of them.
  const cni = dialog.getByRole('region', { name: 'CNI config per host' })
  for (const name of hosts) await expect(cni).toContainText(name)
  await expect(cni).toContainText(`(${hosts.length} hosts)`)
  const diff = cni.getByLabel(/^10-rancher\.conf on .*: before and after$/)
  await expect(diff.locator('.line-removed')).toHaveText(['- removed:   "mtu": 1500,'])
  await expect(diff.locator('.line-added')).toHaveText(['+ added:   "mtu": 1400,'])

  const containers = dialog.getByRole('region', { name: 'Containers whose MTU or DNS changes' })
  await expect(containers.getByRole('row', { name: /^web-1 \S+ MTU \(eth0\) 1402 → 1302$/ })).toBeVisible()

  // The dialog is a labelled modal with no serious accessibility violations, in either theme.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    expect((await seriousViolations(page)).map((v) => `${scheme}: ${v}`)).toEqual([])
  }
  await page.emulateMedia({ colorScheme: null })

  await dialog.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toHaveText(
    `Applied — revision ${stack.revision + 1}. Hosts pick up the new configuration within seconds.`,
  )
  // The baseline is now what was stored: nothing left to apply, no diff.
  await expect(apply).toBeDisabled()
  await expect(page.getByRole('status').filter({ hasText: 'validated in' })).not.toContainText('edited, not applied')
  await expect(page.getByRole('region', { name: /^Changes/ })).toContainText('No changes yet')
  expect((await ipsecStack(api, demo.id)).dockerCompose).toContain('mtu: 1400')

  // The overview shows the new effective MTU …
  await page.goto(`/environments/${demo.id}`)
  const card = page.getByRole('region', { name: 'Default network' })
  await expect(definition(card, 'MTU')).toHaveText('1400')
  await expect(definition(card, 'Container MTU (eth0)')).toContainText('1302')

  // … and a lab host reports it for a managed container within seconds.
  const all = (await (await api.get(`/api/v1/environments/${demo.id}/containers?limit=500`)).json()).items as Array<{ id: string; name: string }>
  const web1 = all.find((c) => c.name === 'web-1')
  expect(web1, 'the demo environment runs web-1').toBeTruthy()
  await page.goto(`/environments/${demo.id}/containers/${web1!.id}`)
  await expect(definition(page.getByRole('main'), 'MTU (eth0)')).toHaveText('1302', { timeout: 10_000 })

  // … and the troubleshooting checklist stays empty once the hosts report it (issue 6).
  const findings = async () => (await (await api.get(`/api/v1/environments/${demo.id}/diagnostics/findings`)).json()).items
  await expect.poll(findings, { timeout: 10_000 }).toEqual([])
})

test('an apply against a stale revision never overwrites: the conflict names both revisions, "Keep my edits" rebases and applies', async ({
  page,
  api,
  demo,
}) => {
  test.setTimeout(90_000)
  const opened = await ipsecStack(api, demo.id)
  await openEditor(page, demo.id, opened.id)

  // Someone else changes the stack after the editor opened.
  const second = await upgradeBehindTheEditorsBack(api, demo.id, { MTU: '1450' })
  expect(second).toBe(opened.revision + 1)
  await expect(page.getByText(`Revision ${second} was stored since you opened revision ${opened.revision}.`)).toBeVisible()

  await replaceText(page, 'mtu: ${MTU}', 'mtu: 1400')
  const apply = page.getByRole('button', { name: 'Apply…' })
  await expect(apply).toBeEnabled()
  await apply.click()
  const dialog = page.getByRole('dialog', { name: 'Apply to Default' })
  const conflict = dialog.getByRole('alert')
  await expect(conflict).toContainText(`This stack changed since you opened it (you edited revision ${opened.revision}; it is now at ${second}).`)
  await expect(dialog.getByRole('button', { name: 'Apply', exact: true })).toHaveCount(0)
  await expect(conflict.getByRole('button', { name: 'Reload the current version' })).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])

  await conflict.getByRole('button', { name: 'Keep my edits' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText(`Your edits now apply on top of revision ${second} (was ${opened.revision}).`, { exact: false })).toBeVisible()
  await expect(page.getByText(/was stored since you opened/)).toHaveCount(0)

  // Preview again; while the dialog is open, the stack moves on once more: the server refuses
  // the upgrade (409 REVISION_MISMATCH) and the same choice comes back.
  await apply.click()
  await expect(dialog.getByRole('region', { name: 'Network changes' }).getByRole('row', { name: 'MTU 1450 1400', exact: true })).toBeVisible()
  const third = await upgradeBehindTheEditorsBack(api, demo.id, { MTU: '1460' })
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(conflict).toContainText(`This stack changed since you opened it (you edited revision ${second}; it is now at ${third}).`)
  await conflict.getByRole('button', { name: 'Keep my edits' }).click()
  await expect(dialog).toBeHidden()

  // The second apply (on the latest revision) goes through.
  await apply.click()
  await expect(dialog.getByRole('region', { name: 'Network changes' }).getByRole('row', { name: 'MTU 1460 1400', exact: true })).toBeVisible()
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toHaveText(
    `Applied — revision ${third + 1}. Hosts pick up the new configuration within seconds.`,
  )
  const final = await ipsecStack(api, demo.id)
  expect(final.revision).toBe(third + 1)
  expect(final.dockerCompose).toContain('mtu: 1400')
  // the other change (an answer) is kept: the editor sent only the compose files
  expect(final.answers.MTU).toBe('1460')
})
