import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  Account,
  ApiKey,
  ApiKeyCreated,
  ChangePassword,
  CreateAccount,
  CreateApiKey,
  LoginRequest,
  Me,
  Member,
  RegistrationTokenCreated,
  RegistrationTokenList,
  SetMember,
} from '../../../core/api/auth.ts'
import { Id, IdParams, listOf } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../errors.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { SESSION_COOKIE, loadRoles } from '../../auth/actor.ts'
import type { Actor, UserActor } from '../../auth/policy.ts'
import { deleteSession } from '../../auth/sessions.ts'
import { loginLimiter } from '../../auth/rate-limit.ts'
import { listRegistrationTokens, revokeRegistrationToken, rotateRegistrationToken } from '../../auth/registration-tokens.ts'
import {
  changePassword,
  createAccount,
  createApiKey,
  listAccounts,
  listApiKeys,
  listMembers,
  login,
  me,
  removeMember,
  revokeApiKey,
  setMember,
} from './auth.service.ts'

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody }
const MemberParams = z.object({ envId: Id, accountId: Id })
const EnvIdParams = z.object({ envId: Id })
const TokenParams = z.object({ envId: Id, id: Id })

/** The signed-in caller (the policy let only people through to these routes). */
export function userOf(actor: Actor | null): UserActor {
  if (actor?.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first')
  return actor
}

function cookie(ctx: AppContext, req: FastifyRequest, value: string, maxAgeSec: number): string {
  const secure = ctx.config.secureCookies === 'true' || (ctx.config.secureCookies === 'auto' && req.protocol === 'https')
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSec}${secure ? '; Secure' : ''}`
}

const clearCookie = (ctx: AppContext, req: FastifyRequest, reply: FastifyReply) => reply.header('set-cookie', cookie(ctx, req, '', 0))

export function authRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie (httpOnly, SameSite=Strict) and answers who you are with the CSRF token; too many failures: 429 with Retry-After',
        body: LoginRequest,
        response: { 200: Me, ...errors, 429: ApiErrorBody },
      },
      config: { permission: 'auth:public' },
    },
    async (req, reply) => {
      const limiter = loginLimiter(ctx)
      const wait = await limiter.retryAfter(req.ip, req.body.username)
      if (wait !== null) {
        reply.header('retry-after', String(wait))
        throw new AppError('RATE_LIMITED', `too many failed sign-ins; try again in ${wait} s`)
      }
      let s: Awaited<ReturnType<typeof login>>
      try {
        s = await login(ctx, req.body.username, req.body.password)
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED') await limiter.failed(req.ip, req.body.username)
        throw err
      }
      await limiter.succeeded(req.ip, req.body.username)
      reply.header('set-cookie', cookie(ctx, req, s.token, s.maxAgeSec))
      const actor: UserActor = {
        kind: 'user',
        id: s.account.id,
        username: s.account.username,
        admin: s.account.admin === 1,
        roles: new Map(),
        via: 'session',
        sessionId: null,
        csrfToken: s.csrfToken,
        apiKeyId: null,
        keyEnvironmentId: null,
      }
      actor.roles = await loadRoles(ctx, actor.id)
      // the audit log names who signed in
      req.actor = actor
      return me(ctx, actor)
    },
  )
  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: z.null(), ...errors } }, config: { permission: 'account:self' } },
    async (req, reply) => {
      const actor = userOf(req.actor)
      if (actor.sessionId) await deleteSession(ctx, actor.sessionId)
      clearCookie(ctx, req, reply)
      return reply.status(204).send(null)
    },
  )
  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'Who is signed in, their roles and the CSRF token', response: { 200: Me, ...errors } }, config: { permission: 'account:self' } },
    async (req) => me(ctx, userOf(req.actor)),
  )
  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your password (a wrong current password: 400 naming currentPassword); ends your other sessions',
        body: ChangePassword,
        response: { 204: z.null(), ...errors },
      },
      config: { permission: 'account:self' },
    },
    async (req, reply) => {
      await changePassword(ctx, userOf(req.actor), req.body.currentPassword, req.body.newPassword)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/accounts',
    { schema: { tags: ['auth'], summary: 'Accounts (admin)', response: { 200: listOf(Account), ...errors } }, config: { permission: 'accounts:admin' } },
    async () => ({ items: await listAccounts(ctx), nextCursor: null }),
  )
  app.post(
    '/accounts',
    { schema: { tags: ['auth'], summary: 'Create an account (admin)', body: CreateAccount, response: { 201: Account, ...errors } }, config: { permission: 'accounts:admin' } },
    async (req, reply) => reply.status(201).send(await createAccount(ctx, req.body)),
  )

  app.get(
    '/environments/:envId/members',
    { schema: { tags: ['auth'], summary: 'Members of the environment and their roles', params: EnvIdParams, response: { 200: listOf(Member), ...errors } }, config: { permission: 'members:read' } },
    async (req) => ({ items: await listMembers(ctx, req.params.envId), nextCursor: null }),
  )
  app.put(
    '/environments/:envId/members/:accountId',
    {
      schema: { tags: ['auth'], summary: 'Add a member (by account id or username) or change their role (owners); the environment keeps at least one owner', params: MemberParams, body: SetMember, response: { 200: Member, ...errors } },
      config: { permission: 'members:write' },
    },
    async (req) => setMember(ctx, req.params.envId, req.params.accountId, req.body.role),
  )
  app.delete(
    '/environments/:envId/members/:accountId',
    { schema: { tags: ['auth'], summary: 'Remove a member (owners); the environment keeps at least one owner', params: MemberParams, response: { 204: z.null(), ...errors } }, config: { permission: 'members:write' } },
    async (req, reply) => {
      await removeMember(ctx, req.params.envId, req.params.accountId)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/api-keys',
    { schema: { tags: ['auth'], summary: 'Your API keys (secrets are never shown again)', response: { 200: listOf(ApiKey), ...errors } }, config: { permission: 'account:self' } },
    async (req) => ({ items: await listApiKeys(ctx, userOf(req.actor)), nextCursor: null }),
  )
  app.post(
    '/api-keys',
    {
      schema: { tags: ['auth'], summary: 'Create an API key (use as HTTP Basic accessKey:secret); the secret is shown once', body: CreateApiKey, response: { 201: ApiKeyCreated, ...errors } },
      config: { permission: 'account:self' },
    },
    async (req, reply) => reply.status(201).send(await createApiKey(ctx, userOf(req.actor), req.body)),
  )
  app.delete(
    '/api-keys/:id',
    { schema: { tags: ['auth'], summary: 'Revoke one of your API keys', params: IdParams, response: { 204: z.null(), ...errors } }, config: { permission: 'account:self' } },
    async (req, reply) => {
      await revokeApiKey(ctx, userOf(req.actor), req.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/environments/:envId/registration-tokens',
    {
      schema: { tags: ['auth'], summary: 'The environment\'s agent registration tokens, newest first (members and owners; never the tokens themselves)', params: EnvIdParams, response: { 200: RegistrationTokenList, ...errors } },
      config: { permission: 'registration:read' },
    },
    async (req) => ({ items: await listRegistrationTokens(ctx, req.params.envId), nextCursor: null }),
  )
  app.post(
    '/environments/:envId/registration-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Rotate the registration token (owners): a new token, answered once; the previous one stops working',
        params: EnvIdParams,
        response: { 201: RegistrationTokenCreated, ...errors },
      },
      config: { permission: 'registration:write' },
    },
    async (req, reply) => reply.status(201).send(await rotateRegistrationToken(ctx, req.params.envId, userOf(req.actor).id)),
  )
  app.delete(
    '/environments/:envId/registration-tokens/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke a registration token (owners); registered hosts keep their host tokens', params: TokenParams, response: { 204: z.null(), ...errors } },
      config: { permission: 'registration:write' },
    },
    async (req, reply) => {
      await revokeRegistrationToken(ctx, req.params.envId, req.params.id)
      return reply.status(204).send(null)
    },
  )
}
