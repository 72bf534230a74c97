import { Link } from 'wouter'
import type { Environment } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'

type Props = Pick<Environment, 'environmentTemplateId' | 'templateName' | 'templateRevision'>

/**
 * "Created from template Cattle (revision 3)", the name a link to the template while it exists
 * (its id is cleared when it is deleted; the name and revision are kept from creation time).
 */
export function TemplateProvenance({ environmentTemplateId, templateName, templateRevision }: Props) {
  if (!templateName) return <>Created without an environment template.</>
  const revision = templateRevision === null ? '' : ` (revision ${templateRevision})`
  return (
    <>
      Created from template{' '}
      {environmentTemplateId ? <Link href={paths.template.href(environmentTemplateId)}>{templateName}</Link> : <span className="strong">{templateName}</span>}
      {revision}
      {environmentTemplateId === null ? '; that template has since been deleted.' : '.'}
    </>
  )
}
