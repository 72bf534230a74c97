import fs from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AppContext } from './context.ts'
import { AppError, installErrorHandler, validationFailed } from './errors.ts'
import { timingSafeEqual } from 'node:crypto'
import { resolveActor } from './auth/actor.ts'
import type { Permission } from './auth/policy.ts'
import { authRoutes } from './modules/auth/auth.routes.ts'
import { newId } from './ids.ts'
import { nulPath } from './http/nul-path.ts'
import { healthRoutes } from './modules/health/health.routes.ts'
import { environmentRoutes } from './modules/environments/environments.routes.ts'
import { templateRoutes } from './modules/templates/templates.routes.ts'
import { catalogRoutes } from './modules/catalog/catalog.routes.ts'
import { stackRoutes } from './modules/stacks/stacks.routes.ts'
import { networkRoutes } from './modules/networks/networks.routes.ts'
import { hostRoutes } from './modules/hosts/hosts.routes.ts'
import { ipamRoutes } from './modules/ipam/ipam.routes.ts'
import { containerRoutes } from './modules/containers/containers.routes.ts'
import { agentRoutes } from './modules/agent/agent.routes.ts'
import { eventRoutes } from './events/events.routes.ts'
import { validateRoutes } from './modules/validate/validate.routes.ts'
import { diagnosticsRoutes } from './modules/diagnostics/diagnostics.routes.ts'
import { probeRoutes } from './modules/probes/probes.routes.ts'
import { labRoutes } from './modules/lab/lab.routes.ts'
import { installOwnerForward } from './lab/owner-forward.ts'
import { auditRoutes } from './modules/audit/audit.routes.ts'
import { auditRecordOf, flushAudit, recordAudit } from './modules/audit/audit.service.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; every API route must declare one. */
    permission?: Permission
  }
}

export type App = FastifyInstance

export interface BuildOptions {
  logger?: boolean | object
}

/** Credentials never reach the logs, whatever a log level or serializer prints. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]']

export interface RouteInfo {
  method: string
  url: string
  permission: Permission | undefined
}
const ROUTES = new WeakMap<object, RouteInfo[]>()
/** Every route the app registered (HEAD included), in order: the access-table test walks them. */
export const registeredRoutes = (app: FastifyInstance): RouteInfo[] => ROUTES.get(app) ?? []

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The Content-Security-Policy of every answer: the SPA's own scripts only; inline styles and
 * blob: workers because Monaco injects styles and starts its workers from blobs; no framing,
 * no <base>, forms post to this origin only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

/** Headers on every answer (the event stream sets its own; HSTS only over https). */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}
const HSTS = 'max-age=31536000; includeSubDomains'

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Builds the control plane: API under /api/v1 and the built SPA. Never listens, never reads env. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}) {
  const app = Fastify({
    logger: opts.logger && typeof opts.logger === 'object' ? { redact: LOG_REDACT, ...opts.logger } : opts.logger === true ? { redact: LOG_REDACT } : false,
    bodyLimit: 1024 * 1024,
    genReqId: () => newId('req_'),
    // clients may send JSON with a charset or vendor suffix
    return503OnClosing: true,
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>()
  const routes: RouteInfo[] = []
  ROUTES.set(app, routes)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app)

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Paddock API', version: ctx.version, description: 'Environment networking control plane (Rancher 1.x model).' },
    },
    transform: jsonSchemaTransform,
  })

  // every API route declares its permission; refuse to start otherwise
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.permission) {
      throw new Error(`route ${route.method} ${route.url} declares no permission`)
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission: route.config?.permission })
  })

  // PostgreSQL text cannot hold NUL: refuse it in any input on both databases, naming the field
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const path = nulPath(part)
      if (path !== null) throw validationFailed([{ path, message: 'must not contain NUL (\\u0000) characters' }])
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value)
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS)
    return payload
  })

  // the audit log: every mutation, once answered (refused ones included)
  app.decorateRequest('auditEnvironmentId', null)
  app.addHook('onResponse', async (request, reply) => {
    const record = auditRecordOf(request, reply)
    if (record) recordAudit(ctx, record, (err) => request.log.error({ err }, 'audit log write failed'))
  })
  app.addHook('onClose', async () => {
    await flushAudit(ctx)
  })

  app.decorateRequest('actor', null)
  // Access control runs first (onRequest): an unauthorised caller learns nothing from
  // validation errors and sends no body through the parsers.
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config?.permission
    if (!permission) return
    const actor = await resolveActor(ctx, { authorization: request.headers.authorization, cookie: request.headers.cookie }, permission)
    request.actor = actor
    const envId = (request.params as { envId?: string } | undefined)?.envId
    const decision = ctx.policy.decide(actor, permission, envId)
    if (decision === 'unauthenticated') throw new AppError('UNAUTHENTICATED', actor.kind === 'anonymous' ? 'sign in or send an API key (HTTP Basic accessKey:secret)' : 'this route needs other credentials')
    // not a member: the environment does not exist for this caller (same answer as a missing one)
    if (decision === 'not-found') throw new AppError('NOT_FOUND', `environment ${JSON.stringify(envId)} does not exist`)
    if (decision === 'forbidden') throw new AppError('FORBIDDEN', `not allowed: ${permission}`)
    // cookie sessions: unsafe methods carry the session's CSRF token (API keys need none)
    if (actor.kind === 'user' && actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token']
      if (typeof sent !== 'string' || !actor.csrfToken || !sameToken(sent, actor.csrfToken)) {
        throw new AppError('FORBIDDEN', 'missing or wrong CSRF token (send X-CSRF-Token from GET /auth/me)')
      }
    }
  })

  // PostgreSQL replicas: lab requests of environments another replica runs are forwarded to it
  installOwnerForward(app, ctx)

  await app.register(
    async (api) => {
      const z = api.withTypeProvider<ZodTypeProvider>()
      healthRoutes(z, ctx)
      authRoutes(z, ctx)
      environmentRoutes(z, ctx)
      templateRoutes(z, ctx)
      catalogRoutes(z, ctx)
      stackRoutes(z, ctx)
      networkRoutes(z, ctx)
      hostRoutes(z, ctx)
      containerRoutes(z, ctx)
      ipamRoutes(z, ctx)
      diagnosticsRoutes(z, ctx)
      probeRoutes(z, ctx)
      labRoutes(z, ctx)
      auditRoutes(z, ctx)
      agentRoutes(z, ctx)
      eventRoutes(z, ctx)
      validateRoutes(z, ctx)
      z.get(
        '/openapi.json',
        { schema: { hide: true }, config: { permission: 'public' } },
        async () => app.swagger(),
      )
    },
    { prefix: '/api/v1' },
  )

  const staticDir = path.resolve(ctx.config.staticDir)
  if (fs.existsSync(path.join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: staticDir, wildcard: false, index: ['index.html'] })
    // SPA fallback: any GET outside /api that is not a file serves index.html
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route GET ${request.url.split('?')[0]}` }, requestId: request.id })
      }
      return reply.sendFile('index.html')
    })
  }
  return app
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: import('./auth/policy.ts').Actor | null
    /** The environment an audited request acted in when no path parameter names it (agent registration). */
    auditEnvironmentId: string | null
  }
}
