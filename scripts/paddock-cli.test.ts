import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from './paddock-cli.ts'

const IPSEC_18 = new URL('../../shared/corpus/rancher-catalog/infra-templates/ipsec/18/', import.meta.url)
const files = ['docker-compose.yml.tpl', 'rancher-compose.yml'].map((f) => new URL(f, IPSEC_18).pathname)

async function run(args: string[]) {
  let out = ''
  let err = ''
  const code = await main(args, (s) => (out += s), (s) => (err += s))
  return { code, out, err }
}

describe('paddock lint', () => {
  it('passes a real catalog version with its own defaults', async () => {
    const r = await run(['lint', ...files])
    expect(r.code).toBe(0)
    expect(r.out).toContain('0 error(s)')
  })

  it('prints file:line:column  severity  message  code and exits 1 on an error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-lint-'))
    const answers = path.join(dir, 'answers.json')
    fs.writeFileSync(answers, JSON.stringify({ SUBNET: '10.42.0.0/33' }))
    const r = await run(['lint', ...files, '--answers', answers])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/docker-compose\.yml\.tpl:\d+:\d+ {2}error {2}.*\/33.* {2}CIDR_PREFIX_RANGE/)
    const json = await run(['lint', ...files, '--answers', answers, '--format', 'json'])
    expect(json.code).toBe(1)
    const parsed = JSON.parse(json.out)
    expect(parsed.diagnostics.some((d: { code: string; severity: string }) => d.code === 'CIDR_PREFIX_RANGE' && d.severity === 'error')).toBe(true)
  })

  it('answers usage errors with exit 2', async () => {
    expect((await run(['lint'])).code).toBe(2)
    expect((await run(['lint', '/nonexistent/file.yml'])).code).toBe(2)
    expect((await run(['lint', ...files, '--format', 'xml'])).code).toBe(2)
    expect((await run(['frobnicate'])).code).toBe(2)
    expect((await run(['--help'])).code).toBe(0)
  })
})
