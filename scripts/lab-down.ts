/**
 * `npm run lab -- down`: removes what real-lab runs left behind when their server did not stop
 * cleanly. Each run records itself as a directory `paddock-lab-<prefix>` in the temp dir;
 * only namespaces with a recorded prefix are deleted (with the processes inside them).
 */
import { readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deleteNamespaces } from '../server/lab/real/namespaces.ts'

const runs = readdirSync(os.tmpdir()).filter((d) => d.startsWith('paddock-lab-pdk-'))
if (runs.length === 0) console.log('no real-lab run left anything behind')
for (const dir of runs) {
  const prefix = `${dir.slice('paddock-lab-'.length)}-`
  const errors = await deleteNamespaces(prefix)
  rmSync(path.join(os.tmpdir(), dir), { recursive: true, force: true })
  console.log(errors.length === 0 ? `removed ${prefix}* namespaces` : `left behind: ${errors.join('; ')}`)
}
