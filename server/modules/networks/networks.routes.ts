import { EnvParams, EnvResourceParams, listOf } from '../../../core/api/common.ts'
import { Network, NetworkDriver } from '../../../core/api/networks.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { getNetwork, listNetworkDrivers, listNetworks } from './networks.service.ts'

export function networkRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/network-drivers',
    { schema: { tags: ['networks'], summary: 'Network drivers', params: EnvParams, response: { 200: listOf(NetworkDriver) } }, config: { permission: 'environment:read' } },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return { items: await listNetworkDrivers(ctx, req.params.envId), nextCursor: null }
    },
  )
  app.get(
    '/environments/:envId/networks',
    { schema: { tags: ['networks'], summary: 'Networks with subnets, DNS and usage (no free ranges: see one network)', params: EnvParams, response: { 200: listOf(Network) } }, config: { permission: 'environment:read' } },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return { items: await listNetworks(ctx, req.params.envId), nextCursor: null }
    },
  )
  app.get(
    '/environments/:envId/networks/:id',
    {
      schema: { tags: ['networks'], summary: 'One network, with the largest free address ranges of each subnet', params: EnvResourceParams, response: { 200: Network } },
      config: { permission: 'environment:read' },
    },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return getNetwork(ctx, req.params.envId, req.params.id)
    },
  )
}
