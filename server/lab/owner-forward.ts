/**
 * PostgreSQL replicas: an environment's lab agents (and the faults injected into them) live in
 * the one replica that holds the environment's lab lock (lab-manager.ts). Lab requests that
 * reach another replica are forwarded to that one and its answer is relayed, so a client may
 * send them to any replica. Each replica advertises the URL it is reached on in the `replicas`
 * table; a request is forwarded at most once (a header marks it), and when the owner is unknown,
 * advertises no URL or does not answer within 5 s, the answer is 503 UNAVAILABLE naming it.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { AppContext } from '../context.ts'
import type { Database } from '../db/schema.ts'
import { AppError } from '../errors.ts'

/** Set on a forwarded request (the forwarding replica's id): it is never forwarded again. */
export const FORWARDED_BY_HEADER = 'x-paddock-forwarded-by'
/** Set on a relayed answer: the replica that served it. */
export const SERVED_BY_HEADER = 'x-paddock-served-by'
/** How long a forwarded request may take before the answer is 503. */
export const FORWARD_TIMEOUT_MS = 5_000
/** How often a replica refreshes its row in `replicas`. */
export const REPLICA_HEARTBEAT_MS = 5_000
/** Rows of replicas silent this long are deleted by the others. */
const REPLICA_FORGET_MS = 10 * 60_000

/** Request headers the owner needs to treat a forwarded request as the client's own. */
const FORWARDED_REQUEST_HEADERS = ['authorization', 'cookie', 'x-csrf-token', 'if-match', 'accept', 'content-type']
/** Answer headers relayed back to the client. */
const RELAYED_ANSWER_HEADERS = ['content-type', 'retry-after', 'location', 'etag']

/**
 * The lab routes served by the owner (method and route as registered). Writes first try to take
 * an environment nobody runs (as the lab does itself); reads only look who runs it, and a lab
 * nobody runs answers here (no faults).
 */
const LAB_ROUTES = new Map<string, 'write' | 'read'>([
  ['POST /api/v1/environments/:envId/hosts', 'write'],
  ['POST /api/v1/environments/:envId/lab/faults', 'write'],
  ['DELETE /api/v1/environments/:envId/lab/faults/:id', 'write'],
  ['GET /api/v1/environments/:envId/lab/faults', 'read'],
])

/** What forwarding needs to know about lab ownership (the LabManager on PostgreSQL). */
export interface LabOwners {
  readonly replicaId: string
  /** True when this replica runs the environment's lab, after taking it if nobody does. */
  claim(environmentId: string): Promise<boolean>
  /** True when this replica runs the environment's lab now (takes nothing). */
  owns(environmentId: string): boolean
  /** The id of the replica that runs the environment's lab, if any. */
  ownerOf(environmentId: string): Promise<string | null>
}

const OWNERS = new WeakMap<AppContext, LabOwners>()

/** Called by the LabManager when lab ownership is shared between replicas (PostgreSQL). */
export function useLabOwners(ctx: AppContext, owners: LabOwners): void {
  OWNERS.set(ctx, owners)
}

/**
 * The application_name of a replica's lab lock session, which is how other replicas learn who
 * holds a lock. PostgreSQL keeps 63 bytes of it, so long replica ids come back cut.
 */
export function labSessionName(replicaId: string): string {
  return `paddock-lab ${replicaId}`.slice(0, 63)
}

/** Forwards lab requests of environments another replica runs (registered by buildApp). */
export function installOwnerForward(app: FastifyInstance, ctx: AppContext): void {
  // preValidation: access control has run (onRequest), the body is parsed but not yet
  // validated; the owner validates it, so its answer is the one a direct request would get
  app.addHook('preValidation', async (request, reply) => {
    const kind = LAB_ROUTES.get(`${request.method} ${request.routeOptions.url}`)
    const owners = OWNERS.get(ctx)
    const envId = (request.params as { envId?: unknown } | undefined)?.envId
    if (!kind || !owners || typeof envId !== 'string') return
    // an unknown environment is the route's 404, and takes no lock
    if (!(await ctx.db.selectFrom('environments').select('id').where('id', '=', envId).executeTakeFirst())) return
    if (kind === 'write' ? await owners.claim(envId) : owners.owns(envId)) return
    const owner = await owners.ownerOf(envId).catch(() => null)
    // nobody runs it (or this replica lost its session): the route answers as it does alone
    if (!owner || labSessionName(owner) === labSessionName(owners.replicaId)) return
    if (request.headers[FORWARDED_BY_HEADER] !== undefined) {
      if (kind === 'read') return
      throw unavailable(envId, owner, 'and this request was already forwarded once (the lab moved meanwhile); retry')
    }
    const url = await replicaUrl(ctx.db, owner)
    if (!url) throw unavailable(envId, owner, 'which advertises no address yet; retry shortly')
    return forward(request, reply, { url, owner, self: owners.replicaId, envId })
  })
}

function unavailable(envId: string, owner: string, why: string): AppError {
  return new AppError('UNAVAILABLE', `lab agents of environment ${envId} run on replica ${owner}, ${why}`, { replica: owner })
}

/** The advertised URL of a replica (matching a cut id from a lock session name too). */
async function replicaUrl(db: Kysely<Database>, owner: string): Promise<string | null> {
  const rows = await db.selectFrom('replicas').select(['id', 'url']).execute()
  const row = rows.find((r) => r.id === owner) ?? rows.find((r) => labSessionName(r.id) === labSessionName(owner))
  return row?.url ?? null
}

async function forward(request: FastifyRequest, reply: FastifyReply, to: { url: string; owner: string; self: string; envId: string }): Promise<FastifyReply> {
  const headers: Record<string, string> = { [FORWARDED_BY_HEADER]: to.self }
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = request.headers[name]
    if (typeof v === 'string') headers[name] = v
  }
  // the JSON parser has run: send the body as parsed (no body, no content type)
  const body = request.body === undefined || request.body === null ? undefined : JSON.stringify(request.body)
  if (body === undefined) delete headers['content-type']
  let status: number
  let answer: Buffer
  let answerHeaders: Headers
  try {
    const res = await fetch(`${to.url.replace(/\/+$/, '')}${request.url}`, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      // covers reading the answer too
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    })
    answer = Buffer.from(await res.arrayBuffer())
    status = res.status
    answerHeaders = res.headers
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer in ${FORWARD_TIMEOUT_MS / 1000} s` : causeOf(err)
    request.log.warn({ owner: to.owner, url: to.url, reason }, 'forwarding a lab request to its owner failed')
    throw unavailable(to.envId, to.owner, `which did not answer at ${to.url} (${reason}); retry shortly`)
  }
  for (const name of RELAYED_ANSWER_HEADERS) {
    const v = answerHeaders.get(name)
    if (v !== null) reply.header(name, v)
  }
  reply.header(SERVED_BY_HEADER, to.owner)
  // a Buffer is sent as is: the owner's body, not re-serialised against this route's schema
  return reply.status(status).send(answer)
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  if (cause && typeof cause.code === 'string') return cause.code
  if (cause && typeof cause.message === 'string') return cause.message
  return err instanceof Error ? err.message : String(err)
}

/**
 * The URL a replica advertises: `PADDOCK_REPLICA_URL` when set (an http(s) URL, e.g. behind
 * NAT or a container network), else `http://<host>:<port>` of the listening socket, with
 * 127.0.0.1 for a wildcard host.
 */
export function advertisedUrl(configured: string | undefined, host: string, port: number): string {
  if (configured) {
    let u: URL | null = null
    try {
      u = new URL(configured)
    } catch {
      u = null
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw new Error(`PADDOCK_REPLICA_URL ${JSON.stringify(configured)} is not an http(s) URL`)
    return configured.replace(/\/+$/, '')
  }
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`
}

/** Keeps this replica's row in `replicas` fresh while it runs; deletes it on stop. */
export class ReplicaDirectory {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly db: Kysely<Database>,
    private readonly replicaId: string,
    private readonly url: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    await this.beat()
    this.timer = setInterval(() => void this.beat().catch((err) => this.log.warn({ err }, 'replica heartbeat failed')), REPLICA_HEARTBEAT_MS)
    this.timer.unref()
  }

  private async beat(): Promise<void> {
    const now = Date.now()
    const heartbeat_at = new Date(now).toISOString()
    await this.db
      .insertInto('replicas')
      .values({ id: this.replicaId, url: this.url, heartbeat_at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ url: this.url, heartbeat_at }))
      .execute()
    await this.db.deleteFrom('replicas').where('heartbeat_at', '<', new Date(now - REPLICA_FORGET_MS).toISOString()).execute()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.db.deleteFrom('replicas').where('id', '=', this.replicaId).execute().catch(() => {})
  }
}
