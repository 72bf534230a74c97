import type { CatalogTemplate, TemplateStack } from '../../../../core/api/index.ts'

/**
 * The catalog version a template stack deploys, as the template page shows it: the pinned
 * version, or "default (0.2.5)" when it follows the catalog template's default version.
 */
export function templateStackVersionLabel(stack: Pick<TemplateStack, 'version'>, catalogTemplate: CatalogTemplate | undefined): string {
  if (stack.version !== null) {
    if (catalogTemplate && !catalogTemplate.versions.some((v) => v.version === stack.version)) {
      return `${stack.version} (not in the catalog)`
    }
    return stack.version
  }
  return catalogTemplate ? `default (${catalogTemplate.defaultVersion})` : 'default'
}
