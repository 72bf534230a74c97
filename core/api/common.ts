import { z } from 'zod'

/** Opaque resource id. Clients must not parse it. */
export const Id = z.string().min(1).max(64)
/** RFC 3339 UTC timestamp. */
export const Timestamp = z.string()
/** Integer that rises on every write of a resource; sent back in `If-Match`. */
export const Revision = z.number().int().nonnegative()

/** Fields every mutable resource carries. */
export const resourceMeta = {
  id: Id,
  revision: Revision,
  createdAt: Timestamp,
  updatedAt: Timestamp,
}

/** `?limit=&cursor=` for every list route. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
})
export type ListQuery = z.infer<typeof ListQuery>

/** Every list answers `{items, nextCursor}`; `nextCursor` is null on the last page. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
export type List<T> = { items: T[]; nextCursor: string | null }

export const EnvParams = z.object({ envId: Id })
export const EnvResourceParams = z.object({ envId: Id, id: Id })
export const IdParams = z.object({ id: Id })

/** Label maps as Docker and Rancher use them: string → string. */
export const Labels = z.record(z.string().max(253), z.string().max(4096))
/** Catalog answers are strings, as in Rancher; an empty string counts as not set. */
export const Answers = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100), z.string().max(10_000))
export type Answers = z.infer<typeof Answers>

export const ForceQuery = z.object({ force: z.enum(['true', 'false']).optional() })
