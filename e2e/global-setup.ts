import { execFileSync } from 'node:child_process'

/** Builds the SPA once, unless the caller (scripts/test.sh) already did. */
export default function globalSetup() {
  if (process.env.E2E_SKIP_BUILD === '1') return
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
}
