import { expect, test } from './fixtures.ts'

test('the containers page shows the Docker bridge IP and the managed IP side by side', async ({ page, demo }) => {
  await page.goto(`/environments/${demo.id}/containers`)
  await expect(page).toHaveTitle(/Containers/)
  const table = page.getByRole('table')
  await expect(table.getByRole('columnheader', { name: 'Docker bridge IP' })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: 'Managed IP' })).toBeVisible()

  // the table is virtualised: filter to bring a row into the DOM
  const filter = page.getByRole('searchbox', { name: 'Filter by name, IP, host or network mode' })
  await filter.fill('web-1')
  const web1 = table.getByRole('row').filter({ has: page.getByText('web-1', { exact: true }) })
  await expect(web1).toContainText(/172\.17\.\d+\.\d+/)
  await expect(web1).toContainText(/10\.42\.\d+\.\d+/)

  await filter.fill('legacy-app')
  const legacy = table.getByRole('row').filter({ has: page.getByText('legacy-app', { exact: true }) })
  await expect(legacy).toContainText(/172\.17\.\d+\.\d+/)
  await expect(legacy).not.toContainText(/10\.42\.\d+\.\d+/)

  // the filter narrows the table instantly
  await filter.fill('api-1')
  await expect(table.getByText('10.42.100.10')).toBeVisible()
  await expect(table.getByText('legacy-app', { exact: true })).toHaveCount(0)
})
