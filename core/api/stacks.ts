import { z } from 'zod'
import { Answers, Id, resourceMeta } from './common.ts'
import { TemplateStack } from './templates.ts'

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

/** `PATCH …/stacks/:id` and its preview: a new version, compose and/or answers (unset fields keep the current ones). */
export const UpgradeStack = z.strictObject({
  /**
   * Another version of the stack's catalog template. Without a new compose in the same
   * request, the new version's catalog files replace the stack's compose (a customised compose
   * does not carry over to another version by itself).
   */
  version: z.string().min(1).max(100).optional(),
  dockerCompose: z.string().max(512 * 1024).optional(),
  rancherCompose: z.string().max(512 * 1024).optional(),
  /** Replaces the stack's answers; an empty string counts as not set (the question default applies). */
  answers: Answers.optional(),
})
export type UpgradeStack = z.infer<typeof UpgradeStack>

const Change = z.object({ field: z.string(), from: z.string(), to: z.string() })

/** What an upgrade would change, before anything is written. */
export const StackUpgradePreview = z.object({
  stackId: Id,
  /** The stack revision the preview was computed against; send it as If-Match to apply. */
  revision: z.number().int(),
  /** Set when the upgrade would be refused (e.g. READDRESS_REFUSED), with the alternative. */
  refused: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Changes to the driver's network: mtu, effective MTU, DNS, search domains, host ports, ranges. */
  networkChanges: z.array(Change),
  /** Per host: the CNI files it receives now and after the upgrade. */
  hosts: z.array(
    z.object({
      hostId: Id,
      hostName: z.string(),
      files: z.array(z.object({ name: z.string(), before: z.string().nullable(), after: z.string().nullable(), changed: z.boolean() })),
    }),
  ),
  /** Containers whose eth0 MTU or DNS settings change. */
  containers: z.array(
    z.object({
      id: Id,
      name: z.string(),
      hostName: z.string().nullable(),
      changes: z.array(Change),
    }),
  ),
})
export type StackUpgradePreview = z.infer<typeof StackUpgradePreview>

/** POST …/stacks: add an infrastructure stack from the catalog to a running environment (e.g. a driver after a forced removal); the same fields as a template's stack. */
export const CreateStack = z.strictObject(TemplateStack.shape)
export type CreateStack = z.input<typeof CreateStack>

/** 409 DRIVER_IN_USE details: the containers whose networking the removal would break. */
export const DriverInUseDetails = z.object({
  network: z.string(),
  containers: z.array(z.object({ id: Id, name: z.string(), hostName: z.string().nullable() })),
})
export type DriverInUseDetails = z.infer<typeof DriverInUseDetails>

/** One difference between what the template says and what runs. */
export const DriftChange = z.object({
  /** What differs, for people: `version`, `MTU` (answer label), `docker-compose.yml`… */
  field: z.string(),
  /** The answer variable when the difference is an answer. */
  variable: z.string().nullable(),
  template: z.string().nullable(),
  running: z.string().nullable(),
})
export type DriftChange = z.infer<typeof DriftChange>

export const STACK_DRIFT_STATUSES = ['in-sync', 'drifted', 'missing', 'added'] as const

export const StackDrift = z.object({
  name: z.string(),
  catalogTemplateId: Id.nullable(),
  /** The running stack (null when the template has a stack the environment lacks). */
  stackId: Id.nullable(),
  /** `missing`: in the template, not running (removed); `added`: running, not in the template. */
  status: z.enum(STACK_DRIFT_STATUSES),
  changes: z.array(DriftChange),
  /** The custom compose differs (the text itself is in the template and the stack). */
  composeChanged: z.boolean(),
})
export type StackDrift = z.infer<typeof StackDrift>

/**
 * GET …/drift: the environment's infrastructure stacks against the template as it was when the
 * environment was created (a copy is kept, so editing or deleting the template changes
 * nothing here). `templateChangedSince` says the template has been edited since.
 */
export const DriftReport = z.object({
  environmentTemplateId: Id.nullable(),
  templateName: z.string().nullable(),
  templateRevision: z.number().int().nullable(),
  /** The template's current revision when it still exists and moved on; null otherwise. */
  templateChangedSince: z.number().int().nullable(),
  stacks: z.array(StackDrift),
})
export type DriftReport = z.infer<typeof DriftReport>
