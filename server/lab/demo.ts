import type { AppContext } from '../context.ts'
import { inTransaction } from '../db/tx.ts'
import { createContainerTx, type ContainerSpec } from '../modules/containers/containers.service.ts'
import { createEnvironment } from '../modules/environments/environments.service.ts'
import type { LabManager } from './lab-manager.ts'

export const DEMO_ENVIRONMENT = 'Default'

/**
 * First start with an empty database: environment "Default" from "Cattle", three lab hosts
 * that register through the agent API, and a dozen user containers across every network
 * mode, so a newcomer has a realistic environment to look at.
 */
export async function seedDemo(ctx: AppContext, lab: LabManager): Promise<string | null> {
  const any = await ctx.db.selectFrom('environments').select('id').limit(1).executeTakeFirst()
  if (any) return null
  const template = await ctx.db.selectFrom('environment_templates').select('id').where('name', '=', 'Cattle').executeTakeFirst()
  if (!template) return null
  const env = await createEnvironment(ctx, { name: DEMO_ENVIRONMENT, description: 'Demo environment with three simulated lab hosts', environmentTemplateId: template.id })
  const hosts: string[] = []
  for (let i = 0; i < 3; i++) hosts.push((await lab.addHost(env.id, {})).hostId)
  const [h1, h2, h3] = hosts

  const containers: ContainerSpec[] = [
    { name: 'web-1', image: 'nginx:1.25', hostId: h1, networkMode: 'managed', ports: [{ bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' }] },
    { name: 'web-2', image: 'nginx:1.25', hostId: h2, networkMode: 'managed' },
    { name: 'api-1', image: 'example/api:2.3', hostId: h2, networkMode: 'managed', labels: { 'io.rancher.container.requested_ip': '10.42.100.10' } },
    { name: 'db-1', image: 'postgres:15', hostId: h3, networkMode: 'ipsec' },
    { name: 'cache-1', image: 'redis:7', hostId: h3, networkMode: 'managed' },
    { name: 'web-1-logger', image: 'fluent/fluent-bit:2.2', hostId: h1, networkMode: 'container:web-1' },
    { name: 'node-exporter', image: 'prom/node-exporter:1.7', hostId: h1, networkMode: 'host' },
    { name: 'legacy-app', image: 'example/legacy:1.0', hostId: h2, networkMode: 'bridge', ports: [{ bindIp: null, publicPort: 9000, privatePort: 9000, protocol: 'tcp' }] },
    { name: 'batch-job', image: 'busybox:1.36', hostId: h3, networkMode: 'none' },
    { name: 'cli-nginx', image: 'nginx:1.25', hostId: h1, networkMode: 'bridge', native: true },
    { name: 'cli-joined', image: 'alpine:3.19', hostId: h2, networkMode: 'bridge', native: true, labels: { 'io.rancher.container.network': 'true' } },
    { name: 'cli-managed-only', image: 'alpine:3.19', hostId: h3, networkMode: 'none', native: true, labels: { 'io.rancher.container.network': 'true' } },
  ]
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    for (const c of containers) await createContainerTx(tx, ctx, env.id, c)
  })
  return env.id
}
