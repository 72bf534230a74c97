import { z } from 'zod'

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  /** The database answered `select 1` within the health timeout. */
  databaseOk: z.boolean(),
  /** How long that took (null: no answer). */
  databaseLatencyMs: z.number().nullable(),
  /** This server process (replicas: which one answered). */
  replica: z.string(),
  /** Lab agents running in this replica (PostgreSQL replicas: each lab environment runs on one). */
  labAgents: z.number().int(),
})
export type Health = z.infer<typeof Health>
