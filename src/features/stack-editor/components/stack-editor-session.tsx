import { useState } from 'react'
import type { CniFile, Stack, ValidateNetworkDriver } from '../../../../core/api/index.ts'
import { useStableByContent } from '../hooks/use-stable-by-content.ts'
import { editorFilesOf } from '../utils/editor-files.ts'
import { ApplyFlow } from './apply-flow.tsx'
import { StackComposeEditor } from './stack-compose-editor.tsx'

type Props = {
  envId: string
  environmentName: string
  /** The stack as the cache has it now (live updates included). */
  stack: Stack
  context?: ValidateNetworkDriver['context']
  currentCni: { networkName: string; files: CniFile[] } | null
}

/**
 * One editing session of a stack's compose: the editor and its apply flow on a baseline — the
 * stack revision the edit started from. The baseline does not follow live updates (a change
 * stored by someone else must not silently become what the edit is compared and applied
 * against); it moves only when the operator applies, reloads or keeps their edits on top of the
 * latest revision.
 */
export function StackEditorSession({ envId, environmentName, stack, context, currentCni }: Props) {
  const [baseline, setBaseline] = useState(stack)
  // File names are fixed when the editor opens (model paths hang on them); texts follow the baseline.
  const [names] = useState(() => editorFilesOf(stack).map((f) => f.name))
  const files = useStableByContent(editorFilesOf(baseline).map((f, i) => ({ ...f, name: names[i] })))
  const answers = useStableByContent(baseline.answers)

  return (
    <StackComposeEditor
      key={stack.id}
      envId={envId}
      stackId={stack.id}
      stackRevision={baseline.revision}
      files={files}
      answers={answers}
      context={context}
      currentCni={currentCni}
      renderApply={(draft, actions) => (
        <ApplyFlow
          draft={draft}
          envId={envId}
          stackId={stack.id}
          stackName={stack.name}
          environmentName={environmentName}
          latestRevision={Math.max(stack.revision, baseline.revision)}
          onApplied={setBaseline}
          onRebased={setBaseline}
          onReloaded={(latest) => {
            setBaseline(latest)
            actions.replaceTexts({ dockerCompose: latest.dockerCompose, rancherCompose: latest.rancherCompose })
          }}
        />
      )}
    />
  )
}
