import type { CatalogTemplate, CatalogTemplateVersion, Question } from '../../../../core/api/index.ts'

export type PickedVersion = {
  version: CatalogTemplateVersion | null
  /** The URL asked for a version the template does not have (the default is shown instead). */
  unknownRequested: string | null
}

/** The versions newest first (by their position in the template's history). */
export function versionsNewestFirst(template: CatalogTemplate): CatalogTemplateVersion[] {
  return [...template.versions].sort((a, b) => b.versionIndex - a.versionIndex)
}

/**
 * The version a catalog template page shows: the one the URL names, else the template's
 * default version, else the newest (a template whose default is missing still shows something).
 */
export function pickVersion(template: CatalogTemplate, requested: string | null): PickedVersion {
  const wanted = requested?.trim() || null
  const byName = (name: string | null) => (name === null ? undefined : template.versions.find((v) => v.version === name))
  const found = byName(wanted)
  if (found) return { version: found, unknownRequested: null }
  const fallback = byName(template.defaultVersion) ?? versionsNewestFirst(template)[0] ?? null
  return { version: fallback, unknownRequested: wanted }
}

/** Bounds and choices of a question as one short text: "68 – 9000", "≥ 1", "one of a, b". */
export function questionConstraints(question: Question): string | null {
  const parts: string[] = []
  if (question.min !== undefined && question.max !== undefined) parts.push(`${question.min} – ${question.max}`)
  else if (question.min !== undefined) parts.push(`≥ ${question.min}`)
  else if (question.max !== undefined) parts.push(`≤ ${question.max}`)
  if (question.options && question.options.length > 0) parts.push(`one of ${question.options.join(', ')}`)
  return parts.length > 0 ? parts.join('; ') : null
}
