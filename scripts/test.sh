#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs what it needs (dependencies,
# Debian's Chromium and PostgreSQL when running as root), then type-checks, lints, runs the
# unit and API tests (SQLite and PostgreSQL) and the Playwright journeys, and ends with one
# line `N passed, N failed` totalling every runner. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/vitest.json reports/e2e.json

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"; npm ci --no-audit --no-fund || exit 1
fi
source scripts/ensure-chromium.sh
source scripts/ensure-postgres.sh
source scripts/ensure-lab-tools.sh

checks_passed=0; checks_failed=0
check() { # name, command...
  local name=$1; shift
  echo "== $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "!! $name failed"; fi
}
check "typecheck (tsc -b)" npx tsc -b
check "lint (oxlint)" npx oxlint --deny-warnings core server src e2e bench scripts agent
[ "${PG_MISSING:-}" = 1 ] && checks_failed=$((checks_failed + 1))

echo "== unit and API tests (vitest; databases: $TEST_DIALECTS)"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json

echo "== build"
check "build (vite)" npx vite build --logLevel warn

echo "== e2e (Playwright, Debian Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json E2E_SKIP_BUILD=1 npx playwright test --reporter=list,json

node scripts/summary.mjs "$checks_passed" "$checks_failed"
