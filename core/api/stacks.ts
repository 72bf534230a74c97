import { z } from 'zod'
import { Answers, Id, resourceMeta } from './common.ts'

export const STACK_STATES = ['activating', 'active', 'upgrading', 'removing', 'removed', 'error'] as const
export const SERVICE_KINDS = ['service', 'networkDriverService'] as const
export const SERVICE_STATES = ['inactive', 'activating', 'active', 'removed'] as const

export const Service = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(SERVICE_KINDS),
  state: z.enum(SERVICE_STATES),
  /** `io.rancher.scheduler.global=true`: one container per active host. */
  global: z.boolean(),
  scale: z.number().int(),
  image: z.string(),
  networkMode: z.string(),
})
export type Service = z.infer<typeof Service>

export const Stack = z.object({
  ...resourceMeta,
  environmentId: Id,
  name: z.string(),
  /** Infrastructure (system) stack created from the environment template. */
  system: z.boolean(),
  state: z.enum(STACK_STATES),
  /** Why the stack is in its state, e.g. "waiting for an active host". */
  stateReason: z.string().nullable(),
  catalogTemplateId: Id.nullable(),
  version: z.string().nullable(),
  /** `catalog://library:infra*ipsec:0.2.5` style reference. */
  externalId: z.string().nullable(),
  answers: Answers,
  dockerCompose: z.string(),
  rancherCompose: z.string(),
  services: z.array(Service),
})
export type Stack = z.infer<typeof Stack>
