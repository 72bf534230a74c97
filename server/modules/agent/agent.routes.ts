// agent routes log at warn: every lab host calls them each interval, and request lines would drown the log
import {
  AgentHeartbeat,
  AgentHeartbeatAnswer,
  AgentRegister,
  AgentRegistered,
  AgentReport,
  AgentReportAnswer,
  DesiredState,
  DesiredStateQuery,
} from '../../../core/api/agent.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import type { AppContext } from '../../context.ts'
import { registrationAllowed, type Actor } from '../../auth/policy.ts'
import { AppError, referenceNotFound } from '../../errors.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { acceptReport, desiredState, heartbeat, registerHost } from './agent.service.ts'

function agentOf(actor: Actor | null) {
  if (!actor || actor.kind !== 'agent') throw new AppError('UNAUTHENTICATED', 'agent calls need a host token')
  return actor
}

const auth = { 401: ApiErrorBody, 400: ApiErrorBody }

/** The agent API: the only door hosts use (lab agents included). */
export function agentRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/agent/register',
    {
      schema: {
        tags: ['agent'],
        summary: 'Register a host with the environment\'s registration token (Bearer) or a person\'s credentials with host:write; answers a per-host token',
        body: AgentRegister,
        response: { 201: AgentRegistered, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 422: ApiErrorBody },
      },
      config: { permission: 'agent:register' },
      logLevel: 'warn',
    },
    async (req, reply) => {
      const envId = req.body.environmentId
      req.auditEnvironmentId = envId
      const decision = registrationAllowed(ctx.policy, req.actor ?? { kind: 'anonymous' }, envId)
      if (decision === 'unauthenticated') throw new AppError('UNAUTHENTICATED', 'send the environment\'s registration token (Authorization: Bearer …) or sign in')
      // a token of another environment: refused without saying whether that environment exists
      if (decision === 'forbidden') {
        throw new AppError('FORBIDDEN', req.actor?.kind === 'registrar' ? 'this registration token belongs to another environment' : 'not allowed: host:write')
      }
      // not theirs: the same answer as an environment that does not exist
      if (decision === 'not-found') throw referenceNotFound('environmentId', 'environment', envId)
      return reply.status(201).send(await registerHost(ctx, req.body))
    },
  )
  app.post(
    '/agent/heartbeat',
    { schema: { tags: ['agent'], summary: 'Heartbeat (host token)', body: AgentHeartbeat.optional(), response: { 200: AgentHeartbeatAnswer, ...auth } }, config: { permission: 'agent:report' }, logLevel: 'warn' },
    async (req) => {
      const a = agentOf(req.actor)
      return heartbeat(ctx, a.hostId, a.environmentId)
    },
  )
  app.post(
    '/agent/report',
    {
      schema: { tags: ['agent'], summary: 'Report container facts, peer results and port checks (host token)', body: AgentReport, response: { 200: AgentReportAnswer, ...auth } },
      config: { permission: 'agent:report' },
      logLevel: 'warn',
    },
    async (req) => {
      const a = agentOf(req.actor)
      return acceptReport(ctx, a.hostId, a.environmentId, req.body)
    },
  )
  app.get(
    '/agent/desired-state',
    {
      schema: { tags: ['agent'], summary: 'Desired state of the calling host since a revision (host token)', querystring: DesiredStateQuery, response: { 200: DesiredState, ...auth } },
      config: { permission: 'agent:report' },
      logLevel: 'warn',
    },
    async (req) => {
      const a = agentOf(req.actor)
      return desiredState(ctx, a.hostId, a.environmentId, req.query.since)
    },
  )
}
