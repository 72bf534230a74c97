/**
 * The rules of an environment template, shared by the server (which enforces them and answers
 * 400 naming the field) and the template editor (which shows them as the operator types).
 * Pure: the caller passes the catalog.
 *
 * CONTRACT (signatures are fixed; helper F implements the bodies).
 */
import type { CatalogTemplate, Question } from '../api/catalog.ts'
import type { ErrorDetail } from '../api/errors.ts'
import type { TemplateStack } from '../api/templates.ts'

/** How the editor asks a question: Rancher's question types, with CIDR and IPv4 told apart from plain strings. */
export type AnswerKind = 'cidr' | 'ipv4' | 'int' | 'boolean' | 'enum' | 'password' | 'multiline' | 'string'

/** Categories as Rancher's environment template editor shows them, in order. */
export interface TemplateCategory {
  category: 'Networking' | 'Network Services' | 'Scheduling' | 'Health' | 'Other'
  /** Networking is a single choice (IPsec, VXLAN or none). */
  single: boolean
  /** Why the category matters, shown next to the choice. */
  explanation: string
}
export declare const TEMPLATE_CATEGORIES: readonly TemplateCategory[]

/** The kind of input for a question (e.g. SUBNET → cidr, SUBNET_START_ADDRESS → ipv4, MTU → int). */
export declare function answerKind(question: Question): AnswerKind

/**
 * Checks one stack's answers: each value against its question (type, bounds, options,
 * required), CIDR/IPv4 syntax by kind, and the cross-field rules (SUBNET_PREFIX matches the
 * prefix of SUBNET; SUBNET_START_ADDRESS and SUBNET_END_ADDRESS inside SUBNET, start ≤ end;
 * RANCHER_HAIRPIN_MODE and RANCHER_PROMISCUOUS_MODE not both true; MTU within its bounds).
 * Paths are `answers.VARIABLE`; unset answers use the question's default.
 */
export declare function checkStackAnswers(questions: Question[], answers: Record<string, string>): ErrorDetail[]

/**
 * Checks a whole template's stacks against the catalog: unknown catalog template or version
 * (`stacks.N.catalogTemplateId` / `stacks.N.version`), more than one Networking stack
 * (`code: 'MULTIPLE_NETWORK_DRIVERS'` on the result), Network Services missing while a
 * driver is chosen, duplicate stack names, and each stack's answers (`stacks.N.answers.X`).
 */
export declare function checkTemplateStacks(
  stacks: TemplateStack[],
  catalog: CatalogTemplate[],
): { errors: ErrorDetail[]; multipleDrivers: boolean }
