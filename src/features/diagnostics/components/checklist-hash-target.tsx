import { useEffect, useSyncExternalStore } from 'react'

// wouter announces its own navigations with these events (it patches push/replaceState)
const EVENTS = ['hashchange', 'popstate', 'pushState', 'replaceState'] as const

function subscribe(onChange: () => void): () => void {
  for (const event of EVENTS) window.addEventListener(event, onChange)
  return () => {
    for (const event of EVENTS) window.removeEventListener(event, onChange)
  }
}

const currentHash = () => window.location.hash

/**
 * Scrolls to and focuses the element the URL's `#fragment` names once `ready` (the list has
 * rendered): a link from another screen (`…/findings#finding-…`) is followed with a client-side
 * navigation, which a browser does not scroll for. Runs again only when the fragment changes,
 * so a live refresh never moves the reader.
 */
export function useHashTarget(ready: boolean): void {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '')
  useEffect(() => {
    if (!ready || hash.length < 2) return
    const target = document.getElementById(hash.slice(1)) // anchors are plain ASCII (findingAnchor)
    if (!target) return
    // jsdom has no scrollIntoView
    target.scrollIntoView?.({ block: 'start' })
    target.focus({ preventScroll: true })
  }, [ready, hash])
}
