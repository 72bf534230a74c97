import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import type { CatalogTemplate } from '../../../../core/api/index.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { useDeleteCatalogTemplate } from '../api/catalog-mutations.ts'

type InUse = {
  environmentTemplates?: { id: string; name: string }[]
  stacks?: { id: string; name: string; environmentId: string; environmentName: string }[]
}

/** The environment templates and stacks a CATALOG_TEMPLATE_IN_USE answer names, as links. */
function UsedBy({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.code !== 'CATALOG_TEMPLATE_IN_USE' || typeof error.details !== 'object' || error.details === null) return null
  const { environmentTemplates = [], stacks = [] } = error.details as InUse
  if (environmentTemplates.length + stacks.length === 0) return null
  return (
    <ul aria-label="Still used by">
      {environmentTemplates.map((t) => (
        <li key={t.id}>
          Environment template <Link href={paths.template.href(t.id)}>{t.name}</Link>
        </li>
      ))}
      {stacks.map((s) => (
        <li key={s.id}>
          Stack <Link href={paths.stack.href(s.environmentId, s.id)}>{s.name}</Link> in environment {s.environmentName}
        </li>
      ))}
    </ul>
  )
}

/** "Delete" for a custom catalog template: a confirmation dialog, then back to the catalog. */
export function DeleteCatalogTemplateButton({ template }: { template: CatalogTemplate }) {
  const [open, setOpen] = useState(false)
  const [, navigate] = useLocation()
  const remove = useDeleteCatalogTemplate(template.id)
  const close = () => {
    setOpen(false)
    remove.reset()
  }
  const versions = template.versions.length
  return (
    <>
      <button type="button" className="button button-danger" onClick={() => setOpen(true)}>
        Delete
      </button>
      <Dialog open={open} title="Delete catalog template" onClose={close}>
        <p>
          Delete the custom catalog template <strong>{template.name}</strong> (<code>{template.id}</code>) with its {versions} version
          {versions === 1 ? '' : 's'}? Environment templates can no longer choose it. It cannot be undone, but the files can be imported again.
        </p>
        {remove.error !== null && (
          <>
            <ErrorPanel title="Could not delete the catalog template" error={remove.error} />
            <UsedBy error={remove.error} />
          </>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(undefined, { onSuccess: () => navigate(paths.catalog.href(), { replace: true }) })}
          >
            {remove.isPending ? 'Deleting…' : `Delete ${template.name}`}
          </button>
        </div>
      </Dialog>
    </>
  )
}
