import { CopyButton } from './copy-button.tsx'

type Props = {
  name: string
  content: string
  /** The heading level the file name takes in its section. */
  headingLevel?: 3 | 4
  /** What the copy button and the text are named after, when not the bare file name (e.g. "rendered docker-compose.yml"). */
  label?: string
}

/** A read-only text file: its name, a copy button and the text in a focusable (scrollable) <pre>. */
export function FileView({ name, content, headingLevel = 4, label = name }: Props) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  return (
    <div className="file-view">
      <div className="file-view-header">
        <Heading>
          <code>{name}</code>
        </Heading>
        <CopyButton text={content} label={`Copy ${label}`} />
      </div>
      <pre tabIndex={0} aria-label={`Contents of ${label}`}>
        {content}
      </pre>
    </div>
  )
}
