import AxeBuilder from '@axe-core/playwright'
import { expect, signInThroughUi, testWithOwnServer as test } from './fixtures.ts'

const READER = { username: 'reader', password: 'reader-password-for-e2e' } as const

async function expectNoSeriousA11yViolations(page: import('@playwright/test').Page) {
  const axe = await new AxeBuilder({ page }).analyze()
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([])
}

test('an admin adds a read-only account; an API key works until revoked; the audit log records it', async ({ page, own, demo, playwright }) => {
  // Accounts (admin nav): create "reader"
  await page.goto(`${own.url}/`)
  await page.getByRole('navigation', { name: 'Admin pages' }).getByRole('link', { name: 'Accounts' }).click()
  await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible()
  const createAccount = page.getByRole('form', { name: 'Create account' })
  await createAccount.getByLabel('Username').fill(READER.username)
  await createAccount.getByLabel('Display name (optional)').fill('Reader')
  await createAccount.getByLabel('Password').fill('too-short')
  await createAccount.getByRole('button', { name: 'Create account' }).click()
  await expect(createAccount.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true')
  await createAccount.getByLabel('Password').fill(READER.password)
  await createAccount.getByRole('button', { name: 'Create account' }).click()
  await expect(createAccount.getByRole('status')).toHaveText('Account reader created.')
  await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('cell', { name: 'reader', exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // Settings of the demo environment: add reader as read-only
  await page.goto(`${own.url}/environments/${demo.id}/settings`)
  const members = page.getByRole('region', { name: 'Members' })
  await expect(members.getByRole('table', { name: 'Members' })).toContainText('admin')
  const addMember = members.getByRole('form', { name: 'Add a member' })
  await addMember.getByLabel('Account', { exact: true }).selectOption({ label: 'reader (Reader)' })
  await addMember.getByLabel('Role', { exact: true }).selectOption('read-only')
  await expect(addMember).toContainText('reads only')
  await addMember.getByRole('button', { name: 'Add member' }).click()
  await expect(members.getByLabel('Role of reader')).toHaveValue('read-only')
  // the only owner cannot step down: the refusal shows at that role
  await members.getByLabel('Role of admin').selectOption('member')
  await expect(members.getByLabel('Role of admin')).toHaveAttribute('aria-invalid', 'true')
  await expect(members).toContainText('keeps at least one owner')
  await expect(members.getByLabel('Role of admin')).toHaveValue('owner')
  await expectNoSeriousA11yViolations(page)

  // Account page: an API key, shown once
  await page.goto(`${own.url}/account`)
  const keys = page.getByRole('region', { name: 'API keys' })
  await keys.getByLabel('Name').fill('e2e script')
  await keys.getByRole('button', { name: 'Create API key' }).click()
  const accessKey = (await keys.getByTestId('api-key-access-key').textContent()) ?? ''
  const secret = (await keys.getByTestId('api-key-secret').textContent()) ?? ''
  expect(accessKey).not.toBe('')
  expect(secret).not.toBe('')
  await expect(keys.getByText(`curl -u ${accessKey}:${secret} ${own.url}/api/v1/environments`)).toBeVisible()

  const script = await playwright.request.newContext({ baseURL: own.url, httpCredentials: { username: accessKey, password: secret, send: 'always' } })
  try {
    const res = await script.get('/api/v1/environments')
    expect(res.status()).toBe(200)
    expect((await res.json()).items.map((e: { id: string }) => e.id)).toContain(demo.id)

    await keys.getByRole('button', { name: 'I have copied the secret' }).click()
    await expect(keys.getByTestId('api-key-secret')).toHaveCount(0)
    await keys.getByRole('button', { name: 'Revoke e2e script' }).click()
    await keys.getByRole('button', { name: 'Yes, revoke' }).click()
    await expect(keys.getByRole('table', { name: 'API keys' })).toContainText('revoked')
    expect((await script.get('/api/v1/environments')).status()).toBe(401)
  } finally {
    await script.dispose()
  }

  // Audit log: the account creation (and the member change) are there, newest first
  await page.getByRole('navigation', { name: 'Admin pages' }).getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible()
  const audit = page.getByRole('table', { name: 'Audit log' })
  await expect(audit.getByRole('row').filter({ hasText: 'POST /api/v1/accounts' }).filter({ hasText: '201' })).toHaveCount(1)
  await expect(audit.getByRole('row').filter({ hasText: 'POST /api/v1/accounts' }).first()).toContainText('admin')
  await expect(audit.getByRole('row').filter({ hasText: `PUT /api/v1/environments/${demo.id}/members/` }).first()).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // Reader: signs in through the UI, sees the demo environment, cannot launch or manage anything
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(`${own.url}/login`)
  await signInThroughUi(page, `${own.url}/environments/${demo.id}/containers`, READER)
  await expect(page.getByRole('heading', { name: 'Containers', level: 1 })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText('Reader')
  await expect(page.getByRole('button', { name: 'Launch container' })).toHaveCount(0)
  await expect(page.getByRole('navigation', { name: 'Admin pages' })).toHaveCount(0)

  await page.goto(`${own.url}/environments/${demo.id}/settings`)
  const readerMembers = page.getByRole('region', { name: 'Members' })
  await expect(readerMembers.getByRole('table', { name: 'Members' })).toContainText('read-only')
  await expect(readerMembers.getByRole('form', { name: 'Add a member' })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Registration tokens' })).toHaveCount(0)
})

test('an owner rotates the registration token: an agent registers with it until it is revoked', async ({ page, own, demo, playwright }) => {
  await page.goto(`${own.url}/environments/${demo.id}/hosts`)
  await page.getByText('Add a real host').click()
  await expect(page.getByLabel('Agent command', { exact: true })).toContainText(`PADDOCK_ENVIRONMENT=${demo.id}`)
  await page.getByRole('link', { name: 'Settings page' }).click()

  const tokens = page.getByRole('region', { name: 'Registration tokens' })
  await tokens.getByRole('button', { name: 'Rotate registration token' }).click()
  const token = (await tokens.getByTestId('registration-token').textContent()) ?? ''
  expect(token.length).toBeGreaterThan(20)
  await expect(tokens.getByLabel('Agent registration call')).toContainText(`Bearer ${token}`)

  const agent = await playwright.request.newContext({ baseURL: own.url, extraHTTPHeaders: { authorization: `Bearer ${token}` } })
  try {
    const body = { environmentId: demo.id, name: 'real-host-1', agentIp: '192.0.2.10' }
    const registered = await agent.post('/api/v1/agent/register', { data: body })
    expect(registered.status()).toBe(201)

    await tokens.getByRole('button', { name: 'I have copied the token' }).click()
    await expect(tokens.getByTestId('registration-token')).toHaveCount(0)
    const active = tokens.getByRole('row').filter({ hasText: 'active' })
    await active.getByRole('button', { name: /^Revoke registration token/ }).click()
    await tokens.getByRole('button', { name: 'Yes, revoke' }).click()
    await expect(tokens).toContainText('No valid registration token')
    expect([401, 403]).toContain((await agent.post('/api/v1/agent/register', { data: { ...body, name: 'real-host-2' } })).status())
  } finally {
    await agent.dispose()
  }
})
