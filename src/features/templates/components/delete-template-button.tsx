import { useState } from 'react'
import type { EnvironmentTemplate } from '../../../../core/api/index.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { useDeleteTemplate } from '../api/templates-mutations.ts'

type Props = {
  template: EnvironmentTemplate
  /** After the server deleted it (e.g. leave its page). */
  onDeleted?: () => void
  /** A small button, as in a table row. */
  small?: boolean
}

/** "Delete" for an environment template: a confirmation that says what it does not touch. */
export function DeleteTemplateButton({ template, onDeleted, small = false }: Props) {
  const [open, setOpen] = useState(false)
  const remove = useDeleteTemplate(template.id)
  const close = () => {
    setOpen(false)
    remove.reset()
  }
  return (
    <>
      <button
        type="button"
        className={`button button-danger${small ? ' button-small' : ''}`}
        onClick={() => setOpen(true)}
        aria-label={`Delete template ${template.name}`}
      >
        Delete
      </button>
      <Dialog open={open} title="Delete environment template" onClose={close}>
        <p>
          Delete the environment template <strong>{template.name}</strong>? New environments can no longer be created from it.
        </p>
        <p>
          Environments already created from it are not affected: they keep their stacks, answers and networks, and still say which template
          (and revision) they came from.
        </p>
        {remove.error !== null && <ErrorPanel title="Could not delete the environment template" error={remove.error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(undefined, {
                onSuccess: () => {
                  setOpen(false)
                  onDeleted?.()
                },
              })
            }
          >
            {remove.isPending ? 'Deleting…' : `Delete ${template.name}`}
          </button>
        </div>
      </Dialog>
    </>
  )
}
