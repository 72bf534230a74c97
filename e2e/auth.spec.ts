import AxeBuilder from '@axe-core/playwright'
import { expect, signInThroughUi, test, testWithOwnServer } from './fixtures.ts'
import { E2E_ADMIN } from './server.ts'

// These journeys start signed out: a browser without the worker's session.
test.use({ storageState: { cookies: [], origins: [] } })

test('signing in through the UI: redirect to /login, wrong password, the page asked for, sign out', async ({ page, demo, server }) => {
  const wanted = `/environments/${demo.id}/hosts`
  await page.goto(wanted)
  await expect(page).toHaveURL(`${server.url}/login?next=${encodeURIComponent(wanted)}`)
  await expect(page.getByRole('heading', { name: 'Sign in to Paddock', level: 1 })).toBeVisible()
  await expect(page).toHaveTitle(/Sign in/)
  // nothing of the app behind the sign-in page
  await expect(page.getByRole('navigation', { name: 'Environment pages' })).toHaveCount(0)

  const axe = await new AxeBuilder({ page }).analyze()
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([])

  await page.getByLabel('Username').fill(E2E_ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill('not-the-admin-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password')
  await expect(page).toHaveURL(/\/login\?next=/)

  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(`${server.url}${wanted}`)
  await expect(page.getByRole('heading', { name: 'Hosts', level: 1 })).toBeVisible()
  await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('banner')).toContainText('Signed in as')
  await expect(page.getByRole('banner').getByRole('link', { name: 'Account', exact: true })).toBeVisible()

  // a reload keeps the session (the httpOnly cookie); the page script cannot read it
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Hosts', level: 1 })).toBeVisible()
  expect(await page.evaluate(() => document.cookie)).not.toContain('paddock_session')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(`${server.url}/login`)
  await expect(page.getByRole('heading', { name: 'Sign in to Paddock', level: 1 })).toBeVisible()
  // the session is gone: asking for the page again goes back to the sign-in page
  await page.goto(wanted)
  await expect(page).toHaveURL(/\/login\?next=/)
})

test('the API answers 401 without credentials; health and the login route stay open', async ({ playwright, server, demo }) => {
  const anonymous = await playwright.request.newContext({ baseURL: server.url })
  try {
    for (const path of ['/api/v1/environments', `/api/v1/environments/${demo.id}/hosts`, '/api/v1/auth/me', '/api/v1/templates', '/api/v1/events']) {
      const res = await anonymous.get(path)
      expect(res.status(), path).toBe(401)
      expect((await res.json()).error.code, path).toBe('UNAUTHENTICATED')
    }
    expect((await anonymous.post(`/api/v1/environments/${demo.id}/hosts`, { data: { name: 'sneaky' } })).status()).toBe(401)
    expect((await anonymous.get('/api/v1/health')).status()).toBe(200)
    expect((await anonymous.post('/api/v1/auth/login', { data: { username: 'admin', password: 'not-the-admin-password' } })).status()).toBe(401)
  } finally {
    await anonymous.dispose()
  }
})

test('a cookie session without the CSRF token cannot change anything', async ({ playwright, server, demo }) => {
  const browserLike = await playwright.request.newContext({ baseURL: server.url })
  try {
    expect((await browserLike.post('/api/v1/auth/login', { data: E2E_ADMIN })).status()).toBe(200)
    expect((await browserLike.get('/api/v1/environments')).status()).toBe(200)
    expect((await browserLike.post(`/api/v1/environments/${demo.id}/hosts`, { data: { name: 'no-csrf' } })).status()).toBe(403)
  } finally {
    await browserLike.dispose()
  }
})

testWithOwnServer.describe('the account page', () => {
  testWithOwnServer.use({ storageState: { cookies: [], origins: [] } })

  testWithOwnServer('changes the password: too short, wrong current password, then the new one signs in', async ({ page, own }) => {
    await signInThroughUi(page, `${own.url}/account`)
    await expect(page).toHaveURL(`${own.url}/account`)
    await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible()
    await expect(page.getByRole('heading', { name: `Signed in as ${E2E_ADMIN.username}`, exact: true })).toBeVisible()

    const form = page.getByRole('form', { name: 'Change password' })
    const newPassword = 'a-brand-new-password-for-e2e'
    await form.getByLabel('Current password').fill(E2E_ADMIN.password)
    await form.getByLabel('New password', { exact: true }).fill('short')
    await form.getByLabel('Confirm new password').fill('short')
    await form.getByRole('button', { name: 'Change password' }).click()
    await expect(form).toContainText('At least 12 characters.')

    await form.getByLabel('Current password').fill('not-the-current-password')
    await form.getByLabel('New password', { exact: true }).fill(newPassword)
    await form.getByLabel('Confirm new password').fill(newPassword)
    await form.getByRole('button', { name: 'Change password' }).click()
    await expect(form.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true')
    await expect(page).toHaveURL(`${own.url}/account`)

    await form.getByLabel('Current password').fill(E2E_ADMIN.password)
    await form.getByRole('button', { name: 'Change password' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Password changed.' })).toBeVisible()

    const axe = await new AxeBuilder({ page }).analyze()
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([])

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(`${own.url}/login`)
    await signInThroughUi(page, `${own.url}/account`, { username: E2E_ADMIN.username, password: newPassword })
    await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible()
  })
})
