import type { CatalogTemplate, TemplateStack } from '../../../../core/api/index.ts'
import type { TemplateCategory } from '../../../../core/templates/rules.ts'

export type CategoryName = TemplateCategory['category']

/**
 * Categories of the built-in catalog templates, for when the catalog is not known (still
 * loading, or it failed): the templates list still tells the network driver at a glance.
 */
const BUILTIN_CATEGORY: Record<string, CategoryName> = {
  ipsec: 'Networking',
  vxlan: 'Networking',
  'network-services': 'Network Services',
  scheduler: 'Scheduling',
  healthcheck: 'Health',
}
const BUILTIN_SHORT_NAME: Record<string, string> = { ipsec: 'IPsec', vxlan: 'VXLAN' }

/** How the editor names a catalog template: "Rancher VXLAN" → "VXLAN" (Rancher's own prefix adds nothing here). */
export function shortName(template: Pick<CatalogTemplate, 'name'>): string {
  return template.name.replace(/^Rancher\s+/i, '') || template.name
}

/** The category a template stack belongs to, from its catalog template; null when neither the catalog nor the built-ins know it. */
export function categoryOf(stack: Pick<TemplateStack, 'catalogTemplateId'>, catalog: readonly CatalogTemplate[]): CategoryName | null {
  return catalog.find((t) => t.id === stack.catalogTemplateId)?.category ?? BUILTIN_CATEGORY[stack.catalogTemplateId] ?? null
}

/** A stack's name as the list shows it: the catalog template's short name, else the stack's own. */
export function stackLabel(stack: Pick<TemplateStack, 'catalogTemplateId' | 'name'>, catalog: readonly CatalogTemplate[]): string {
  const t = catalog.find((c) => c.id === stack.catalogTemplateId)
  return t ? shortName(t) : (BUILTIN_SHORT_NAME[stack.catalogTemplateId] ?? stack.name)
}

/** The network drivers a template chooses (normally one at most). */
export function networkDriversOf(stacks: readonly TemplateStack[], catalog: readonly CatalogTemplate[]): TemplateStack[] {
  return stacks.filter((s) => categoryOf(s, catalog) === 'Networking')
}

/** "IPsec", "VXLAN", "none", or both names when a template (made through the API only) has two. */
export function driverAtAGlance(stacks: readonly TemplateStack[], catalog: readonly CatalogTemplate[]): string {
  const drivers = networkDriversOf(stacks, catalog)
  if (drivers.length === 0) return 'none'
  return drivers.map((s) => stackLabel(s, catalog)).join(' + ')
}

/** The catalog templates of one category: built-in ones first, then imported ones, each by name. */
export function catalogOfCategory(catalog: readonly CatalogTemplate[], category: CategoryName): CatalogTemplate[] {
  return catalog
    .filter((t) => t.category === category)
    .sort((a, b) => (a.source === b.source ? a.name.localeCompare(b.name) : a.source === 'builtin' ? -1 : 1))
}
