import { Link, useLocation } from 'wouter'
import type { EnvironmentTemplate } from '../../../core/api/index.ts'
import { RelativeTime } from '../../components/ui/relative-time.tsx'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { Tag } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useCatalog } from '../../features/catalog/api/catalog-queries.ts'
import { useTemplate } from '../../features/environments/api/environments-queries.ts'
import { DeleteTemplateButton } from '../../features/templates/components/delete-template-button.tsx'
import { TemplateStacksTable } from '../../features/templates/components/template-stacks-table.tsx'
import { driverAtAGlance } from '../../features/templates/utils/categories.ts'
import { useCreateEnvironmentDialog } from '../shell.tsx'

function TemplateDetails({ template }: { template: EnvironmentTemplate }) {
  const catalog = useCatalog()
  return (
    <>
      <section className="card" aria-labelledby="template-facts-heading">
        <h2 id="template-facts-heading">Template</h2>
        <p>{template.description || <span className="muted">No description.</span>}</p>
        <dl className="facts">
          <div>
            <dt>Visibility</dt>
            <dd>{template.isPublic ? 'public' : 'private'}</dd>
          </div>
          <div>
            <dt>Network driver</dt>
            <dd>{driverAtAGlance(template.stacks, catalog.data ?? [])}</dd>
          </div>
          <div>
            <dt>Builtin</dt>
            <dd>{template.builtin ? 'yes: shipped with Paddock' : 'no'}</dd>
          </div>
          <div>
            <dt>Revision</dt>
            <dd>
              {template.revision} <span className="muted small">updated <RelativeTime iso={template.updatedAt} /></span>
            </dd>
          </div>
          <div>
            <dt>ID</dt>
            <dd>
              <code>{template.id}</code>
            </dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="template-stacks-heading">
        <h2 id="template-stacks-heading">Infrastructure stacks</h2>
        {catalog.isError && <p className="muted small">The catalog could not be loaded: default versions are not shown.</p>}
        <TemplateStacksTable stacks={template.stacks} catalog={catalog.data ?? []} />
      </section>
    </>
  )
}

export function TemplatePage({ id }: { id: string }) {
  const template = useTemplate(id)
  const [, setDialogOpen] = useCreateEnvironmentDialog()
  const [, navigate] = useLocation()
  return (
    <ResourcePage
      query={template}
      kind="Environment template"
      crumbs={[{ label: 'Environment templates', href: paths.templates.href() }]}
      id={id}
      name={(t) => t.name}
      badges={(t) => (
        <>
          <Tag>{t.isPublic ? 'public' : 'private'}</Tag>
          {t.builtin && <Tag title="Shipped with Paddock">builtin</Tag>}
        </>
      )}
      actions={(t) => (
        <div className="toolbar">
          {t.builtin ? (
            <Link href={paths.templateNew.href({ from: t.id })} className="button" title="Built-in templates cannot be changed; edit a copy">
              Copy
            </Link>
          ) : (
            <>
              <Link href={paths.templateEdit.href(t.id)} className="button">
                Edit
              </Link>
              <DeleteTemplateButton template={t} onDeleted={() => navigate(paths.templates.href(), { replace: true })} />
            </>
          )}
          <button type="button" className="button button-primary" onClick={() => setDialogOpen(true, { templateId: t.id })}>
            Create environment from this template
          </button>
        </div>
      )}
      notFound={
        <p>
          There is no environment template <code>{id}</code>; it may have been deleted.{' '}
          <Link href={paths.templates.href()}>All environment templates</Link>.
        </p>
      }
    >
      {(t) => <TemplateDetails template={t} />}
    </ResourcePage>
  )
}
