import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import type { EnvironmentTemplate } from '../../../core/api/index.ts'
import { QueryView } from '../../components/ui/query-view.tsx'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { Tag } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useCatalog } from '../../features/catalog/api/catalog-queries.ts'
import { useTemplate } from '../../features/environments/api/environments-queries.ts'
import { TemplateEditor } from '../../features/templates/components/template-editor.tsx'
import { draftOf } from '../../features/templates/utils/template-draft.ts'

function EditorFor({ template, onReload }: { template: EnvironmentTemplate; onReload: () => void }) {
  const catalog = useCatalog()
  const [, navigate] = useLocation()
  // The draft starts from the template as it is when the editor opens; live updates do not overwrite the operator's edits.
  const [initial] = useState(() => draftOf(template))
  if (template.builtin) {
    return (
      <div className="panel">
        <p className="panel-title">Built-in templates ship with Paddock and cannot be changed.</p>
        <p>
          <Link href={paths.templateNew.href({ from: template.id })} className="button button-primary">
            Copy {template.name}
          </Link>{' '}
          into a new template and edit that.
        </p>
      </div>
    )
  }
  return (
    <QueryView query={catalog} what="catalog">
      {(list) => (
        <TemplateEditor
          initial={initial}
          catalog={list}
          template={template}
          onSaved={(saved) => navigate(paths.template.href(saved.id))}
          onReload={onReload}
          cancelHref={paths.template.href(template.id)}
        />
      )}
    </QueryView>
  )
}

export function TemplateEditPage({ id }: { id: string }) {
  const template = useTemplate(id)
  // After a conflict, "load their version" starts the editor again on the latest revision.
  const [generation, setGeneration] = useState(0)
  const reload = () => {
    void template.refetch().then(() => setGeneration((g) => g + 1))
  }
  return (
    <ResourcePage
      query={template}
      kind="Edit environment template"
      what="environment template"
      crumbs={[
        { label: 'Environment templates', href: paths.templates.href() },
        { label: template.data?.name ?? id, href: paths.template.href(id) },
      ]}
      id={id}
      name={(t) => t.name}
      badges={(t) => (
        <>
          {t.builtin && <Tag title="Shipped with Paddock">builtin</Tag>} <span className="muted small">revision {t.revision}</span>
        </>
      )}
      notFound={
        <p>
          There is no environment template <code>{id}</code>; it may have been deleted.{' '}
          <Link href={paths.templates.href()}>All environment templates</Link>.
        </p>
      }
    >
      {(t) => <EditorFor key={`${t.id}:${generation}`} template={t} onReload={reload} />}
    </ResourcePage>
  )
}
