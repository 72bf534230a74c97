import { useEffect } from 'react'

export const PRODUCT_NAME = 'Paddock'

/** Sets `document.title` to "part · part · Paddock" while the page is shown. */
export function useDocumentTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts.filter((p): p is string => Boolean(p)), PRODUCT_NAME].join(' · ')
  useEffect(() => {
    document.title = title
  }, [title])
}
