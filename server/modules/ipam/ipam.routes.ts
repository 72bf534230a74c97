import { IpAddressParams, ReleasedAddresses } from '../../../core/api/networks.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { releaseLeakedAddress } from './ipam-release.service.ts'

export function ipamRoutes(app: ZodApp, ctx: AppContext) {
  app.delete(
    '/environments/:envId/ip-addresses/:address',
    {
      schema: {
        tags: ['networks'],
        summary: 'Release a leaked allocation (409 ADDRESS_IN_USE while a live container or host holds it)',
        params: IpAddressParams,
        response: { 200: ReleasedAddresses },
      },
      config: { permission: 'infrastructure:write' },
    },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return releaseLeakedAddress(ctx, req.params.envId, req.params.address)
    },
  )
}
