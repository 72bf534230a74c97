/** The route table: patterns for the router and href builders, so links are never assembled by hand. */

const env = (envId: string) => `/environments/${encodeURIComponent(envId)}`

export const PAGE_KINDS = ['overview', 'hosts', 'containers', 'settings'] as const
export type PageKind = (typeof PAGE_KINDS)[number]

export const paths = {
  home: { pattern: '/', href: () => '/' },
  overview: { pattern: '/environments/:envId', href: (envId: string) => env(envId) },
  hosts: { pattern: '/environments/:envId/hosts', href: (envId: string) => `${env(envId)}/hosts` },
  containers: {
    pattern: '/environments/:envId/containers',
    href: (envId: string, search?: { q?: string }) =>
      `${env(envId)}/containers${search?.q ? `?${new URLSearchParams({ q: search.q }).toString()}` : ''}`,
  },
  settings: { pattern: '/environments/:envId/settings', href: (envId: string) => `${env(envId)}/settings` },
} as const

export const PAGE_LABELS: Record<PageKind, string> = {
  overview: 'Overview',
  hosts: 'Hosts',
  containers: 'Containers',
  settings: 'Settings',
}

export function pageHref(kind: PageKind, envId: string): string {
  return paths[kind].href(envId)
}

/** Which page kind a pathname shows, so the environment switcher can keep it. */
export function pageKindOf(pathname: string): PageKind | null {
  const match = /^\/environments\/[^/]+(?:\/([^/?#]+))?\/?$/.exec(pathname)
  if (!match) return null
  const rest = match[1]
  if (!rest) return 'overview'
  return (PAGE_KINDS as readonly string[]).includes(rest) && rest !== 'overview' ? (rest as PageKind) : null
}

/** Search parameter that opens the create-environment dialog, so the URL restores it. */
export const CREATE_ENVIRONMENT_PARAM = { name: 'dialog', value: 'create-environment' } as const
