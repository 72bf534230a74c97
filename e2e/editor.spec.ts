import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'
import type * as Monaco from 'monaco-editor/editor'
import { networkDriverSchema } from '../core/schema/network-driver.schema.ts'
import { expect, test } from './fixtures.ts'

// The editor exposes Monaco as `window.monaco` in automated browsers (a test hook, see
// src/components/yaml-editor/monaco-setup.ts); models are named after their file:
// …/edit/<file> (what the operator edits), …/rendered/<file> (the preview), …/stored/<file>.
type MonacoWindow = Window & { monaco: typeof Monaco }
const DOCKER = '/edit/docker-compose.yml.tpl'
const RENDERED = '/rendered/docker-compose.yml'

async function ipsecStackId(api: APIRequestContext, envId: string): Promise<string> {
  const stacks = (await (await api.get(`/api/v1/environments/${envId}/stacks`)).json()).items as Array<{ id: string; name: string }>
  const ipsec = stacks.find((s) => s.name === 'ipsec')
  expect(ipsec, 'the demo environment has the ipsec stack').toBeTruthy()
  return ipsec!.id
}

/** Refuses every request that does not go to the control plane; returns the list of refused URLs. */
async function allowOnly(page: Page, origin: string): Promise<string[]> {
  const refused: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (new URL(url).origin === origin) return route.continue()
    refused.push(url)
    return route.abort('blockedbyclient')
  })
  return refused
}

/** Waits until Monaco is loaded and the edit model of `suffix` exists. */
async function waitForModel(page: Page, suffix: string) {
  await page.waitForFunction((s) => (window as unknown as MonacoWindow).monaco?.editor.getModels().some((m) => m.uri.path.endsWith(s)), suffix)
}

/** Where `needle` is in the model ending with `suffix`: 1-based line and columns, exclusive end. */
async function find(page: Page, suffix: string, needle: string) {
  return page.evaluate(
    ([s, n]) => {
      const model = (window as unknown as MonacoWindow).monaco.editor.getModels().find((m) => m.uri.path.endsWith(s))!
      const match = model.findMatches(n, false, false, true, null, false)[0]
      if (!match) throw new Error(`${n} is not in ${s}`)
      return { line: match.range.startLineNumber, column: match.range.startColumn, endColumn: match.range.endColumn }
    },
    [suffix, needle] as const,
  )
}

/** Replaces the first `from` with `to` in a model, as one undoable edit (what typing does). */
async function replaceText(page: Page, suffix: string, from: string, to: string) {
  await page.evaluate(
    ([s, f, t]) => {
      const model = (window as unknown as MonacoWindow).monaco.editor.getModels().find((m) => m.uri.path.endsWith(s))!
      const match = model.findMatches(f, false, false, true, null, false)[0]
      if (!match) throw new Error(`${f} is not in ${s}`)
      model.pushEditOperations([], [{ range: match.range, text: t }], () => null)
    },
    [suffix, from, to] as const,
  )
}

/** Paddock's markers on the model ending with `suffix`. */
async function markers(page: Page, suffix: string) {
  return page.evaluate(
    (s) =>
      (window as unknown as MonacoWindow).monaco.editor
        .getModelMarkers({ owner: 'paddock' })
        .filter((m) => m.resource.path.endsWith(s))
        .map(({ severity, code, message, startLineNumber, startColumn, endLineNumber, endColumn }) => ({
          severity,
          code: typeof code === 'string' ? code : code?.value,
          message,
          startLineNumber,
          startColumn,
          endLineNumber,
          endColumn,
        })),
    suffix,
  )
}

/** The selection of the editor that has the keyboard focus, with its model. */
async function focusedSelection(page: Page) {
  return page.evaluate(() => {
    const editor = (window as unknown as MonacoWindow).monaco.editor.getEditors().find((e) => e.hasTextFocus())
    const s = editor?.getSelection()
    return editor && s
      ? { path: editor.getModel()!.uri.path, startLineNumber: s.startLineNumber, startColumn: s.startColumn, endLineNumber: s.endLineNumber, endColumn: s.endColumn }
      : null
  })
}

function modelText(page: Page, suffix: string) {
  return page.evaluate((s) => (window as unknown as MonacoWindow).monaco.editor.getModels().find((m) => m.uri.path.endsWith(s))?.getValue() ?? '', suffix)
}

test('an operator edits the IPsec driver compose: markers and problems from the validator, hover docs, preview, diff and CNI config, all offline', async ({
  page,
  api,
  demo,
  baseURL,
}) => {
  const refused = await allowOnly(page, new URL(baseURL!).origin)
  const stackId = await ipsecStackId(api, demo.id)

  // Reached from the overview's default network card.
  await page.goto(`/environments/${demo.id}`)
  await page.getByRole('region', { name: 'Default network' }).getByRole('link', { name: 'Edit driver compose' }).click()
  await expect(page).toHaveURL(new RegExp(`/environments/${demo.id}/stacks/${stackId}/edit$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit network driver compose ipsec')
  await expect(page).toHaveTitle('ipsec · Edit network driver compose · Default · Paddock')
  await waitForModel(page, DOCKER)

  const status = page.getByRole('status').filter({ hasText: 'validated in' })
  const problems = page.getByRole('region', { name: 'Problems' })
  await expect(status).toHaveText(/^0 errors, \d+ warnings? · validated in [\d.]+ ms$/)
  await expect(problems.getByRole('button', { name: /^Error / })).toHaveCount(0)
  // the preview has the stack's answers applied
  await expect.poll(() => modelText(page, RENDERED)).toContain('network_address: 10.42.0.0/16')

  // An invalid CIDR: a marker and a problems entry at its line.
  const subnet = await find(page, DOCKER, 'network_address: $SUBNET')
  await replaceText(page, DOCKER, 'network_address: $SUBNET', 'network_address: 10.42.0.0/33')
  const cidrColumn = subnet.column + 'network_address: '.length
  await expect
    .poll(() => markers(page, DOCKER))
    .toContainEqual(
      expect.objectContaining({ severity: 8, code: 'CIDR_PREFIX_RANGE', startLineNumber: subnet.line, startColumn: cidrColumn, endColumn: cidrColumn + '10.42.0.0/33'.length }),
    )
  const entry = problems.getByRole('button', { name: new RegExp(`^Error docker-compose\\.yml\\.tpl ${subnet.line}:${cidrColumn} .*10\\.42\\.0\\.0/33.*CIDR_PREFIX_RANGE$`) })
  await expect(entry).toBeVisible()
  await expect(status).toHaveText(/^1 error, \d+ warnings? · validated in .* · edited, not applied$/)
  await expect(page.getByRole('tab', { name: /docker-compose\.yml\.tpl/ })).toContainText('1 problem')

  // Clicking the entry, or Enter on it, selects the range in the editor.
  const range = { path: expect.stringMatching(/\/edit\/docker-compose\.yml\.tpl$/), startLineNumber: subnet.line, startColumn: cidrColumn, endLineNumber: subnet.line, endColumn: cidrColumn + 12 }
  await entry.click()
  await expect.poll(() => focusedSelection(page)).toEqual(range)
  await page.evaluate(() => (window as unknown as MonacoWindow).monaco.editor.getEditors().find((e) => e.hasTextFocus())?.setPosition({ lineNumber: 1, column: 1 }))
  await entry.focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => focusedSelection(page)).toEqual(range)

  // The server answers the same list.
  await page.getByRole('button', { name: 'Validate on server' }).click()
  await expect(page.getByRole('region', { name: 'Server cross-check' })).toContainText(/The server lists the same \d+ diagnostics? as the browser/)

  // The preview shows the rendered text, the diff the change against what runs now.
  await expect.poll(() => modelText(page, RENDERED)).toContain('network_address: 10.42.0.0/33')
  const preview = page.getByRole('region', { name: /Render preview/ })
  await expect(preview.locator('.view-lines')).toContainText("version: '2'")
  await expect
    .poll(() =>
      page.evaluate((line) => {
        const changes = (window as unknown as MonacoWindow).monaco.editor.getDiffEditors()[0]?.getLineChanges() ?? []
        return changes.some((c) => c.modifiedStartLineNumber <= line && line <= c.modifiedEndLineNumber)
      }, subnet.line),
    )
    .toBe(true)
  await page.evaluate((line) => (window as unknown as MonacoWindow).monaco.editor.getDiffEditors()[0].revealLineInCenter(line), subnet.line)
  const diff = page.getByRole('region', { name: /^Changes/ })
  await expect(diff.locator('.modified-in-monaco-diff-editor .view-lines')).toContainText('10.42.0.0/33')
  await expect(diff.locator('.original-in-monaco-diff-editor .view-lines')).toContainText('network_address: $SUBNET')
  await expect(diff.locator('.char-insert, .line-insert').first()).toBeVisible()

  // Fixed: the marker and the entry go.
  await replaceText(page, DOCKER, '10.42.0.0/33', '$SUBNET')
  await expect.poll(async () => (await markers(page, DOCKER)).filter((m) => m.severity === 8)).toEqual([])
  await expect(entry).toHaveCount(0)
  await expect(status).toHaveText(/^0 errors, \d+ warnings? · validated in [\d.]+ ms$/)

  // An MTU change reaches the CNI config each host would receive.
  const cni = page.getByRole('region', { name: 'CNI config each host receives' })
  await expect(cni.getByRole('region', { name: /10-rancher\.conf/ })).toContainText('unchanged')
  await replaceText(page, DOCKER, 'mtu: ${MTU}', 'mtu: 1400')
  await expect(cni).toContainText('1 of 1 CNI config file differs from what hosts have now.')
  const file = cni.getByRole('region', { name: /10-rancher\.conf/ })
  await expect(file).toContainText('changes')
  await expect(file.getByLabel('10-rancher.conf, after this edit').locator('mark')).toHaveText(['changed: "mtu": 1400,'])
  await expect(file.getByLabel('10-rancher.conf, current').locator('mark')).toHaveText(['changed: "mtu": 1500,'])
  await replaceText(page, DOCKER, 'mtu: 1400', 'mtu: ${MTU}')
  await expect(cni.getByRole('region', { name: /10-rancher\.conf/ })).toContainText('unchanged')

  // Hovering a key shows its schema description.
  const hostPorts = await find(page, DOCKER, 'host_ports')
  const point = await page.evaluate(
    ([s, line, column]) => {
      const editor = (window as unknown as MonacoWindow).monaco.editor
        .getEditors()
        .find((e) => e.getModel()?.uri.path.endsWith(s) && e.getDomNode()?.closest('[role="tabpanel"]'))!
      editor.revealLineInCenter(line)
      const at = editor.getScrolledVisiblePosition({ lineNumber: line, column: column + 3 })!
      const box = editor.getDomNode()!.getBoundingClientRect()
      return { x: box.left + at.left, y: box.top + at.top + at.height / 2 }
    },
    [DOCKER, hostPorts.line, hostPorts.column] as const,
  )
  await page.mouse.move(point.x, point.y)
  const doc = networkDriverSchema.properties?.default_network?.properties?.host_ports?.description ?? ''
  expect(doc, 'the schema documents host_ports').not.toBe('')
  await expect(page.locator('.monaco-hover:not(.hidden)').first()).toContainText(doc.split('`')[0].trim().slice(0, 40))

  // Nothing was fetched from anywhere but the control plane, and the editor still works.
  expect(refused).toEqual([])
})

test('the stack page of a network-driver stack offers "Edit compose"; other stacks do not', async ({ page, api, demo }) => {
  const stackId = await ipsecStackId(api, demo.id)
  await page.goto(`/environments/${demo.id}/stacks/${stackId}`)
  await page.getByRole('link', { name: 'Edit compose' }).click()
  await expect(page).toHaveURL(new RegExp(`/stacks/${stackId}/edit$`))
  await waitForModel(page, DOCKER)
  await expect(page.getByRole('tab', { name: /rancher-compose\.yml/ })).toBeVisible()

  const stacks = (await (await api.get(`/api/v1/environments/${demo.id}/stacks`)).json()).items as Array<{ id: string; name: string }>
  await page.goto(`/environments/${demo.id}/stacks/${stacks.find((s) => s.name === 'scheduler')!.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stack scheduler')
  await expect(page.getByRole('link', { name: 'Edit compose' })).toHaveCount(0)
})

test('the editor page, with a problem listed, has no serious accessibility violations in either theme', async ({ page, api, demo }) => {
  const stackId = await ipsecStackId(api, demo.id)
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto(`/environments/${demo.id}/stacks/${stackId}/edit`)
    await waitForModel(page, DOCKER)
    await replaceText(page, DOCKER, 'network_address: $SUBNET', 'network_address: 10.42.0.0/33')
    await expect(page.getByRole('region', { name: 'Problems' }).getByRole('button', { name: /CIDR_PREFIX_RANGE$/ })).toBeVisible()
    // scan with the change highlighted in the diff (Monaco draws only the lines in view)
    const { line } = await find(page, DOCKER, '10.42.0.0/33')
    await expect
      .poll(() => page.evaluate(() => ((window as unknown as MonacoWindow).monaco.editor.getDiffEditors()[0]?.getLineChanges() ?? []).length))
      .toBeGreaterThan(0)
    await page.evaluate((l) => (window as unknown as MonacoWindow).monaco.editor.getDiffEditors()[0].revealLineInCenter(l), line)
    await expect(page.getByRole('region', { name: /^Changes/ }).locator('.char-insert, .line-insert').first()).toBeAttached()
    const results = await new AxeBuilder({ page }).analyze()
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${scheme}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
  }
})
