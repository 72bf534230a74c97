/**
 * Access control: accounts, sessions, environment roles and API keys. People sign in with a
 * username and password (a session in an httpOnly, SameSite=strict cookie; unsafe methods also
 * carry the session's CSRF token in `X-CSRF-Token`) or use an API key as HTTP Basic
 * credentials (`accessKey:secret`, as Rancher's API keys). Agents keep their host tokens.
 */
import { z } from 'zod'
import { Id, Timestamp, resourceMeta } from './common.ts'

/** Environment roles as in Rancher (domain §1.2); an admin account is owner of every environment. */
export const ROLES = ['owner', 'member', 'restricted', 'read-only'] as const
export type Role = (typeof ROLES)[number]

/** What each role may do, for people (the policy enforces it on every route). */
export const ROLE_TEXT: Record<Role, string> = {
  owner: 'everything in the environment, members included',
  member: 'everything but members: containers, hosts and infrastructure stacks',
  restricted: 'containers and hosts, but not infrastructure stacks or members',
  'read-only': 'reads only',
}

export const Username = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, `.`, `_` and `-`, at most 63')

/** At least 12 characters: long passwords beat composition rules. */
export const Password = z.string().min(12, 'at least 12 characters').max(1024)

export const Account = z.object({
  ...resourceMeta,
  username: z.string(),
  displayName: z.string(),
  admin: z.boolean(),
})
export type Account = z.infer<typeof Account>

export const LoginRequest = z.strictObject({ username: z.string().trim().min(1).max(63), password: z.string().min(1).max(1024) })
export type LoginRequest = z.infer<typeof LoginRequest>

/** `GET /auth/me` and `POST /auth/login`: who is signed in, and the CSRF token for unsafe requests with the session cookie. */
export const Me = z.object({
  account: Account,
  /** Environment id → role (admins: owner of every environment, listed or not). */
  roles: z.record(Id, z.enum(ROLES)),
  csrfToken: z.string().nullable(),
  /** `session` (cookie) or `api-key` (Basic). */
  via: z.enum(['session', 'api-key']),
})
export type Me = z.infer<typeof Me>

export const ChangePassword = z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: Password })

export const CreateAccount = z.strictObject({
  username: Username,
  displayName: z.string().trim().max(100).default(''),
  password: Password,
  admin: z.boolean().default(false),
})
export type CreateAccount = z.input<typeof CreateAccount>

export const Member = z.object({
  environmentId: Id,
  accountId: Id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
})
export type Member = z.infer<typeof Member>

/** `PUT /environments/:envId/members/:accountId`: add or change a member's role. */
export const SetMember = z.strictObject({ role: z.enum(ROLES) })

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  /** The public half, sent as the Basic username. */
  accessKey: z.string(),
  /** Limits the key to one environment (null: everything the account may do). */
  environmentId: Id.nullable(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
})
export type ApiKey = z.infer<typeof ApiKey>

/** `POST /api-keys` answers the secret once; Paddock stores only its hash. */
export const ApiKeyCreated = ApiKey.extend({ secret: z.string() })
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>

export const CreateApiKey = z.strictObject({ name: z.string().trim().min(1).max(100), environmentId: Id.nullable().default(null) })
export type CreateApiKey = z.input<typeof CreateApiKey>

/**
 * An environment's agent registration token (Rancher's registration tokens): an agent presents
 * it as `Authorization: Bearer <token>` on `POST /agent/register` to join that environment
 * (only that one). Paddock stores only its hash, so the token is answered once, when created.
 * Every environment gets one at creation. `POST …/registration-tokens` rotates: it creates a new
 * token and revokes the previous active one; `DELETE …/registration-tokens/:id` revokes one
 * (hosts that already registered keep their own host tokens).
 */
export const RegistrationToken = z.object({
  id: Id,
  environmentId: Id,
  createdAt: Timestamp,
  /** Null while the token is valid. */
  revokedAt: Timestamp.nullable(),
  /** The account that created it (null: created by Paddock itself, e.g. with the environment). */
  createdBy: Id.nullable(),
})
export type RegistrationToken = z.infer<typeof RegistrationToken>

/** `POST /environments/:envId/registration-tokens` answers the token once. */
export const RegistrationTokenCreated = RegistrationToken.extend({ token: z.string() })
export type RegistrationTokenCreated = z.infer<typeof RegistrationTokenCreated>

export const RegistrationTokenList = z.object({ items: z.array(RegistrationToken), nextCursor: z.string().nullable() })
export type RegistrationTokenList = z.infer<typeof RegistrationTokenList>

/** How the caller of an audited request authenticated. */
export const AUDIT_VIA = ['session', 'api-key', 'agent', 'anonymous'] as const

/**
 * One audited request: every mutation (POST, PUT, PATCH, DELETE), refused ones included, except
 * agent heartbeats and reports (agent registration is recorded). Never bodies, passwords or tokens.
 */
export const AuditEntry = z.object({
  /** Rises with every entry; newest first in lists. */
  id: Id,
  at: Timestamp,
  /** `account` (a person, session or API key), `agent` (a host token or registration token) or `anonymous`. */
  actorKind: z.enum(['account', 'agent', 'anonymous']),
  /** Account id, host id, or the registration token's id for an agent registering with one (null: anonymous). */
  actorId: z.string().nullable(),
  /** Username, or host name/id for agents (null: anonymous). */
  actorName: z.string().nullable(),
  via: z.enum(AUDIT_VIA),
  method: z.string(),
  /** The route pattern, e.g. `/api/v1/environments/:envId/hosts/:id`. */
  route: z.string(),
  /** The path parameters of the request. */
  params: z.record(z.string(), z.string()),
  environmentId: Id.nullable(),
  /** The HTTP status answered. */
  status: z.number().int(),
  ip: z.string(),
  requestId: z.string(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditList = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() })
export type AuditList = z.infer<typeof AuditList>

/** `GET /audit?limit=&cursor=&environmentId=`: admins see everything; owners must name one of their environments. */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  environmentId: Id.optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>
