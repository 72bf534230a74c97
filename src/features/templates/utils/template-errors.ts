import type { ErrorDetail } from '../../../../core/api/index.ts'

/**
 * Error messages of a template, sorted to where the editor shows them. Paths are the API's
 * (`name`, `stacks`, `stacks.1.answers.SUBNET`); the stack index means the stacks array that
 * was checked or sent, so the caller passes its stack names in that order and messages follow
 * the stack by name even when the operator then adds or removes stacks.
 */
export interface TemplateErrors {
  /** `name`, `description`, `isPublic`. */
  fields: Record<string, string[]>
  /** About the choice of stacks as a whole (`stacks`): shown with the categories. */
  stacks: string[]
  /** Per stack name, per path inside the stack (`version`, `answers.SUBNET`, `dockerCompose`; '' for the stack itself). */
  byStack: Record<string, Record<string, string[]>>
  /** Whatever names no field the editor shows. */
  other: ErrorDetail[]
}

export const noErrors = (): TemplateErrors => ({ fields: {}, stacks: [], byStack: {}, other: [] })

const TOP_FIELDS = new Set(['name', 'description', 'isPublic'])
const STACK_PATH = /^stacks\.(\d+)(?:\.(.+))?$/

const push = (into: Record<string, string[]>, key: string, message: string) => {
  into[key] = [...(into[key] ?? []), message]
}

export function mapTemplateErrors(details: readonly ErrorDetail[], stackNames: readonly string[]): TemplateErrors {
  const out = noErrors()
  for (const d of details) {
    if (TOP_FIELDS.has(d.path)) {
      push(out.fields, d.path, d.message)
      continue
    }
    if (d.path === 'stacks') {
      out.stacks.push(d.message)
      continue
    }
    const match = STACK_PATH.exec(d.path)
    const name = match ? stackNames[Number(match[1])] : undefined
    if (match && name !== undefined) {
      out.byStack[name] ??= {}
      push(out.byStack[name], match[2] ?? '', d.message)
      continue
    }
    out.other.push(d)
  }
  return out
}

/** The messages of one field of one stack. */
export function stackMessages(errors: TemplateErrors, stackName: string, path: string): string[] {
  return errors.byStack[stackName]?.[path] ?? []
}
