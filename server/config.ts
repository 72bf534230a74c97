import os from 'node:os'
import { z } from 'zod'

/** Process configuration, read once from the environment by main.ts. */
export const Config = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  dataDir: z.string().default('./data'),
  /** `postgres://…` selects PostgreSQL; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Create the demo environment with lab hosts on first start with an empty database. */
  demo: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Lab agent heartbeat and poll interval. */
  labIntervalMs: z.coerce.number().int().min(20).max(60_000).default(1000),
  /** A host whose heartbeats stop for this long becomes disconnected. */
  hostDisconnectMs: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Directory of the built SPA. */
  staticDir: z.string().default('./dist'),
  /** Password of the `admin` account created on first start (no accounts yet); generated and printed once when unset. */
  adminPassword: z.string().min(12, 'PADDOCK_ADMIN_PASSWORD needs at least 12 characters').max(1024).optional(),
  /** How long a sign-in lasts. */
  sessionHours: z.coerce.number().int().min(1).max(24 * 90).default(24),
  /** `Secure` on the session cookie: `auto` when the request came over HTTPS. */
  secureCookies: z.enum(['auto', 'true', 'false']).default('auto'),
  /** This replica's name (health, lab ownership messages); default `<hostname>:<pid>`. */
  replicaId: z.string().min(1).max(200).default(() => `${os.hostname()}:${process.pid}`),
  /** PostgreSQL replicas: how often a replica tries to take over lab environments no replica owns. */
  labOwnershipRetryMs: z.coerce.number().int().min(100).max(600_000).default(3_000),
})
export type Config = z.infer<typeof Config>

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return Config.parse({
    host: env.HOST || undefined,
    port: env.PORT || undefined,
    dataDir: env.DATA_DIR || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    demo: env.PADDOCK_DEMO || undefined,
    labIntervalMs: env.LAB_INTERVAL_MS || undefined,
    hostDisconnectMs: env.HOST_DISCONNECT_MS || undefined,
    staticDir: env.STATIC_DIR || undefined,
    adminPassword: env.PADDOCK_ADMIN_PASSWORD || undefined,
    sessionHours: env.PADDOCK_SESSION_HOURS || undefined,
    secureCookies: env.PADDOCK_SECURE_COOKIES || undefined,
    replicaId: env.PADDOCK_REPLICA_ID || undefined,
    labOwnershipRetryMs: env.PADDOCK_LAB_OWNERSHIP_RETRY_MS || undefined,
  })
}
