import { z } from 'zod'
import { Id, resourceMeta } from './common.ts'

export const ENVIRONMENT_STATES = ['activating', 'active', 'removing', 'removed', 'error'] as const

export const Environment = z.object({
  ...resourceMeta,
  name: z.string(),
  description: z.string(),
  state: z.enum(ENVIRONMENT_STATES),
  /** Provenance: the template it was created from (null once that template is deleted). */
  environmentTemplateId: Id.nullable(),
  /** Name and revision of the template at creation time, kept when the template changes. */
  templateName: z.string().nullable(),
  templateRevision: z.number().int().nullable(),
  /** The network that network mode `managed` resolves to. */
  defaultNetworkId: Id.nullable(),
  hostCount: z.number().int(),
  containerCount: z.number().int(),
})
export type Environment = z.infer<typeof Environment>

const Name = z.string().trim().min(1).max(63)

export const CreateEnvironment = z.strictObject({
  name: Name,
  description: z.string().max(1000).default(''),
  environmentTemplateId: Id,
})
export type CreateEnvironment = z.infer<typeof CreateEnvironment>

export const UpdateEnvironment = z.strictObject({
  name: Name.optional(),
  description: z.string().max(1000).optional(),
})
export type UpdateEnvironment = z.infer<typeof UpdateEnvironment>
