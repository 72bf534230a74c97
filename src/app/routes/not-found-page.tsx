import { Link } from 'wouter'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

export function NotFoundPage() {
  useDocumentTitle('Page not found')
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href="/">Go to the first environment</Link>.
      </p>
    </>
  )
}
