import { useDocumentTitle } from '../../lib/use-document-title.ts'

/** `useDocumentTitle` as an element, for branches (loading, errors) that render no page of their own. */
export function DocumentTitle({ parts }: { parts: Array<string | null | undefined> }) {
  useDocumentTitle(...parts)
  return null
}
