import { useId } from 'react'
import type { EditorDraft } from './stack-compose-editor.tsx'

/**
 * Where applying the edit to the running environment goes (issue 3, item 5: impact preview,
 * revision check, stack upgrade). Until then the action is shown but does nothing and calls no
 * endpoint. Replace this component through StackComposeEditor's `renderApply`.
 */
export function ApplyPlaceholder({ draft }: { draft: EditorDraft }) {
  const noteId = useId()
  return (
    <div className="apply-slot" data-slot="apply">
      <button type="button" className="button button-primary" disabled aria-describedby={noteId}>
        Apply…
      </button>
      <p id={noteId} className="muted small">
        {draft.dirty ? 'Not applied: ' : ''}applying to the running environment (with an impact preview) is not available yet.
      </p>
    </div>
  )
}
