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

/**
 * POST /templates and PUT /templates/:id (a whole replacement, If-Match optional). The server
 * checks the categories (one networking driver at most: 400 MULTIPLE_NETWORK_DRIVERS; Network
 * Services whenever a driver is chosen), each stack's catalog template and version (400 naming
 * `stacks.N.catalogTemplateId` / `stacks.N.version`), its answers with their types and the
 * cross-field rules of core/templates/rules.ts (400 naming `stacks.N.answers.VARIABLE`), and a
 * custom compose through the network-driver validator (400 naming `stacks.N.dockerCompose`).
 * Names are unique (409 NAME_TAKEN). Built-in templates can be copied, not changed.
 */
export const TemplateInput = z.strictObject({
  name: z.string().trim().min(1).max(63),
  description: z.string().max(1000).default(''),
  isPublic: z.boolean().default(true),
  stacks: z.array(TemplateStack).max(20),
})
export type TemplateInput = z.input<typeof TemplateInput>
