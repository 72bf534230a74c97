import { z } from 'zod'
import { Answers, Id, resourceMeta } from './common.ts'

/** One infrastructure stack an environment template gives every new environment. */
export const TemplateStack = z.object({
  /** Name of the stack to create, e.g. `ipsec`. */
  name: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'letters, digits and inner dashes, 1–63 characters'),
  catalogTemplateId: Id,
  /** Pinned catalog version; null means the catalog template's default version. */
  version: z.string().nullable().default(null),
  answers: Answers.default({}),
  /** A custom compose that replaces the catalog's docker-compose file (the network-driver editor). */
  dockerCompose: z.string().max(512 * 1024).nullable().default(null),
  rancherCompose: z.string().max(512 * 1024).nullable().default(null),
})
export type TemplateStack = z.infer<typeof TemplateStack>

export const EnvironmentTemplate = z.object({
  ...resourceMeta,
  name: z.string(),
  description: z.string(),
  isPublic: z.boolean(),
  /** Shipped with Paddock (Cattle, Cattle VXLAN). */
  builtin: z.boolean(),
  stacks: z.array(TemplateStack),
})
export type EnvironmentTemplate = z.infer<typeof EnvironmentTemplate>
