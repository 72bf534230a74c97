import { z } from 'zod'

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
})
export type Health = z.infer<typeof Health>
