#!/usr/bin/env node
// `npm start`: installs dependencies and builds the SPA when needed, then runs the control
// plane on its embedded default (SQLite under ./data, lab hosts, demo environment).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0)
function newest(dir) {
  let t = 0
  if (!fs.existsSync(dir)) return t
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return t
}
function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

// dependencies: missing, or the lock file changed since the last install
if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) run('npm', ['ci', '--no-audit', '--no-fund'])

// the SPA: missing, or older than its sources
const built = mtime('dist/index.html')
if (built === 0 || built < Math.max(newest('src'), newest('core/api'), mtime('index.html'), mtime('vite.config.ts'))) {
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])
}

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
