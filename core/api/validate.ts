import { z } from 'zod'
import { Answers } from './common.ts'
import { ComposeFile } from './catalog.ts'

export const DIAGNOSTIC_SEVERITIES = ['error', 'warning', 'info'] as const

/**
 * One finding of the network-driver validator, positioned in the text the operator wrote
 * (1-based lines and columns; end is exclusive of the last column + 1, as Monaco expects).
 */
export const Diagnostic = z.object({
  /** The file of a multi-file request; absent for a single `yaml` text. */
  file: z.string().optional(),
  severity: z.enum(DIAGNOSTIC_SEVERITIES),
  /** Stable code, e.g. `CIDR_HOST_BITS_SET`; see core/validate/codes.ts. */
  code: z.string(),
  message: z.string(),
  /** Dotted path of the YAML node, e.g. `services.cni-driver.network_driver.default_network.subnets.0.network_address`. */
  path: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
})
export type Diagnostic = z.infer<typeof Diagnostic>

/** Extra facts that make semantic checks sharper when validating for a known environment. */
export const ValidationContext = z.object({
  /** Host LAN networks (CIDRs) the managed subnet must not overlap. */
  hostNetworks: z.array(z.string().max(50)).max(1000).optional(),
})

export const ValidateNetworkDriver = z
  .strictObject({
    yaml: z.string().max(1024 * 1024).optional(),
    files: z.array(z.strictObject({ name: z.string().min(1).max(255), content: z.string().max(1024 * 1024) })).min(1).max(20).optional(),
    answers: Answers.optional(),
    context: ValidationContext.optional(),
  })
  .refine((b) => (b.yaml === undefined) !== (b.files === undefined), { message: 'send exactly one of yaml or files', path: ['yaml'] })
export type ValidateNetworkDriver = z.infer<typeof ValidateNetworkDriver>

export const ValidationResult = z.object({
  diagnostics: z.array(Diagnostic),
  /** The files after answers were applied (templates rendered), as the server would deploy them. */
  rendered: z.array(ComposeFile).optional(),
})
export type ValidationResult = z.infer<typeof ValidationResult>
