// Prints CI's closing line `N passed, N failed` over every runner: the checks (typecheck,
// lint, build), Vitest and Playwright. A runner that produced no report counts as one failure.
import fs from 'node:fs'

const [checksPassed = '0', checksFailed = '0'] = process.argv.slice(2)
let passed = Number(checksPassed)
let failed = Number(checksFailed)
const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}
const vitest = read('reports/vitest.json')
if (vitest) {
  passed += vitest.numPassedTests
  failed += vitest.numFailedTests
  if (vitest.numTotalTests === 0 || vitest.success === false && vitest.numFailedTests === 0) failed += 1
} else {
  console.log('vitest: no report')
  failed += 1
}
const e2e = read('reports/e2e.json')
if (e2e?.stats) {
  passed += e2e.stats.expected + e2e.stats.flaky
  failed += e2e.stats.unexpected
  if ((e2e.errors ?? []).length > 0) failed += e2e.errors.length
} else {
  console.log('playwright: no report')
  failed += 1
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
