/**
 * `PADDOCK_REAL_LAB=ipsec` (or `vxlan`, `ipsec:6x4` for hosts × containers per host, or
 * `ipsec,vxlan` for both): the server also runs real lab environments. Linux and root only; `npm run lab` sets it. The lab's
 * namespaces and agents go away when the server stops.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { AppContext } from '../../context.ts'
import { LabDispatch } from './lab-dispatch.ts'
import { labCapability } from './namespaces.ts'
import { RealLab, type RealLabSpec } from './real-lab.ts'

export function parseRealLab(value: string | undefined): RealLabSpec[] {
  if (!value) return []
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      const m = /^(vxlan|ipsec)(?::(\d+)x(\d+))?$/.exec(v)
      if (!m) throw new Error(`PADDOCK_REAL_LAB: ${JSON.stringify(v)} is not "ipsec", "vxlan", or either with ":<hosts>x<containers>" (comma-separated for several)`)
      const hosts = m[2] ? Number(m[2]) : 3
      const containersPerHost = m[3] ? Number(m[3]) : 2
      if (hosts < 2 || hosts > 50) throw new Error(`PADDOCK_REAL_LAB: ${hosts} hosts is outside 2…50`)
      if (containersPerHost > 50) throw new Error(`PADDOCK_REAL_LAB: ${containersPerHost} containers per host is more than 50`)
      return { driver: m[1] as 'vxlan' | 'ipsec', hosts, containersPerHost }
    })
}

/** `created` gets the lab before its hosts start, so a signal during bring-up still tears them down. */
export async function startRealLab(
  ctx: AppContext,
  log: FastifyBaseLogger,
  target: { host: string; port: number },
  specs: RealLabSpec[],
  created: (lab: RealLab) => void = () => {},
): Promise<RealLab | null> {
  if (specs.length === 0) return null
  const can = await labCapability()
  if (!can.ok) throw new Error(`the real lab cannot run here: ${can.reasons.join('; ')}`)
  const real = new RealLab(ctx, log, target)
  created(real)
  ctx.lab = new LabDispatch(ctx.lab, real)
  for (const spec of specs) {
    const started = Date.now()
    const envId = await real.start(spec)
    log.info({ environmentId: envId, driver: spec.driver, hosts: spec.hosts, ms: Date.now() - started }, 'real lab up')
    // the page a newcomer wants: the matrix of real tunnels
    console.log(
      `Real lab up in ${Date.now() - started} ms: ${spec.hosts} network-namespace hosts × ${spec.containersPerHost} containers (${spec.driver.toUpperCase()}) — http://${target.host}:${target.port}/environments/${envId}/reachability`,
    )
  }
  return real
}
