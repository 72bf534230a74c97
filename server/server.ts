import fs from 'node:fs'
import path from 'node:path'
import { buildApp } from './app.ts'
import { rolePolicy } from './auth/policy.ts'
import { loadBuiltinCatalog, loadBuiltinEnvironmentTemplates } from './catalog/catalog-loader.ts'
import type { Config } from './config.ts'
import type { AppContext, Hooks } from './context.ts'
import { migrate, openDb, underBootstrapLock, type Db } from './db/database.ts'
import { EventBus } from './events/event-bus.ts'
import { PgEventRelay } from './events/pg-relay.ts'
import { seedDemo } from './lab/demo.ts'
import { LabManager } from './lab/lab-manager.ts'
import { injectTransport } from './lab/transport.ts'
import { pruneEvents } from './events/retention.ts'
import { syncCatalog } from './modules/catalog/catalog.service.ts'
import { sweepDisconnectedHosts } from './modules/hosts/hosts.service.ts'
import { seedBuiltinTemplates } from './modules/templates/templates.service.ts'
import { bootstrapAccess, ensureOwners } from './modules/auth/auth.service.ts'

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

export interface StartOptions {
  logger?: boolean | object
  hooks?: Hooks
  /** Start lab agents (default true). */
  lab?: boolean
}

export type Server = Awaited<ReturnType<typeof startServer>>

/**
 * Opens and migrates the database, loads the built-in catalog, builds the app, resumes lab
 * agents and seeds the demo on an empty database. Does not listen: main.ts and tests decide.
 */
export async function startServer(config: Config, opts: StartOptions = {}) {
  const handle: Db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'paddock.sqlite') })
  await migrate(handle)
  const ctx: AppContext = {
    db: handle.db,
    dialect: handle.dialect,
    bus: new EventBus(),
    config,
    policy: rolePolicy,
    hooks: opts.hooks ?? {},
    version: VERSION,
    lab: null,
  }
  await syncCatalog(ctx, loadBuiltinCatalog())
  await seedBuiltinTemplates(ctx, loadBuiltinEnvironmentTemplates())
  const app = await buildApp(ctx, { logger: opts.logger })
  await app.ready()

  // PostgreSQL replicas: live events committed by any replica reach this one's SSE clients
  let relay: PgEventRelay | null = null
  if (handle.dialect === 'postgres' && handle.databaseUrl) {
    relay = new PgEventRelay(handle.databaseUrl, handle.db, ctx.bus, app.log)
    await relay.start()
  }

  let lab: LabManager | null = null
  if (opts.lab !== false) {
    const ownership = handle.dialect === 'postgres' && handle.databaseUrl ? { databaseUrl: handle.databaseUrl, replicaId: config.replicaId, retryMs: config.labOwnershipRetryMs } : null
    lab = new LabManager(ctx, injectTransport(app), app.log, ownership)
    ctx.lab = lab
    await lab.resume()
  }
  // first start: the admin account (main.ts prints a generated password once) and the demo.
  // Replicas starting at once on an empty PostgreSQL database take turns under an advisory
  // lock; both steps re-check inside it, so exactly one replica creates each.
  const firstAdmin = await underBootstrapLock(handle, async () => {
    const created = await bootstrapAccess(ctx)
    if (lab && config.demo) {
      await seedDemo(ctx, lab)
      // the demo environment's owner is the admin
      await ensureOwners(ctx)
    }
    return created
  })

  const timers = [
    setInterval(() => void sweepDisconnectedHosts(ctx).catch((err) => app.log.warn({ err }, 'host sweep failed')), Math.max(100, Math.floor(config.hostDisconnectMs / 3))),
    setInterval(() => void pruneEvents(ctx).catch((err) => app.log.warn({ err }, 'event retention failed')), 60_000),
  ]
  for (const t of timers) t.unref()

  let closed = false
  return {
    app,
    ctx,
    lab,
    relay,
    db: handle,
    /** The admin account created by this start (no accounts before), with its password; null otherwise. */
    firstAdmin,
    /** Stops agents and timers, closes HTTP (SSE included) and the database. Idempotent. */
    async close() {
      if (closed) return
      closed = true
      for (const t of timers) clearInterval(t)
      await lab?.close()
      await relay?.stop()
      await app.close()
      await handle.close()
    },
  }
}
