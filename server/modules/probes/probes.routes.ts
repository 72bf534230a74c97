import { EnvParams } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { CreateProbe, Probe, ProbeParams } from '../../../core/api/probes.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { createProbe, getProbe } from './probes.service.ts'

/** Active probes: real packets from a container's netns, sent by its host's agent. */
export function probeRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/environments/:envId/probes',
    {
      schema: {
        tags: ['probes'],
        summary:
          'Ask the agent of the from-container\'s host to ping (ICMP) or TCP-connect from that container to a container\'s managed IP or an IPv4; answers the probe pending (poll GET until it is done or expired)',
        params: EnvParams,
        body: CreateProbe,
        response: { 201: Probe, 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody },
      },
      // the same as acting on a container (start, stop, launch): operators, not read-only members
      config: { permission: 'environment:write' },
    },
    async (req, reply) => {
      await requireEnvironment(ctx, req.params.envId)
      return reply.status(201).send(await createProbe(ctx, req.params.envId, req.body))
    },
  )
  app.get(
    '/environments/:envId/probes/:id',
    {
      schema: {
        tags: ['probes'],
        summary: 'One probe: pending, done (with the agent\'s result) or expired (no answer in time)',
        params: ProbeParams,
        response: { 200: Probe, 404: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return getProbe(ctx, req.params.envId, req.params.id)
    },
  )
}
