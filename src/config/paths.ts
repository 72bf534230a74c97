/** The route table: patterns for the router and href builders, so links are never assembled by hand. */

const env = (envId: string) => `/environments/${encodeURIComponent(envId)}`
const e = encodeURIComponent

export const PAGE_KINDS = ['overview', 'hosts', 'containers', 'stacks', 'findings', 'reachability', 'lab', 'settings'] as const
export type PageKind = (typeof PAGE_KINDS)[number]

/** Pages of one resource inside an environment. */
export const DETAIL_KINDS = ['stack', 'network', 'host', 'container'] as const
export type DetailKind = (typeof DETAIL_KINDS)[number]

/** Pages that belong to no environment. */
export const GLOBAL_PAGE_KINDS = ['catalog', 'templates'] as const
export type GlobalPageKind = (typeof GLOBAL_PAGE_KINDS)[number]

export const paths = {
  home: { pattern: '/', href: () => '/' },
  /** Signing in; `next` is the same-origin path to go to afterwards. */
  login: {
    pattern: '/login',
    href: (next?: string | null) => (next && next !== '/' ? `/login?${new URLSearchParams({ next }).toString()}` : '/login'),
  },
  /** The signed-in account: who you are, change password. */
  account: { pattern: '/account', href: () => '/account' },
  /** Admins: every account, and creating one. */
  accounts: { pattern: '/accounts', href: () => '/accounts' },
  /** Admins: the audit log of every environment. */
  audit: { pattern: '/audit', href: () => '/audit' },
  overview: { pattern: '/environments/:envId', href: (envId: string) => env(envId) },
  hosts: { pattern: '/environments/:envId/hosts', href: (envId: string) => `${env(envId)}/hosts` },
  containers: {
    pattern: '/environments/:envId/containers',
    href: (envId: string, search?: { q?: string }) =>
      `${env(envId)}/containers${search?.q ? `?${new URLSearchParams({ q: search.q }).toString()}` : ''}`,
  },
  /** The infrastructure stacks with their services and containers per host, the drift from the template. */
  stacks: { pattern: '/environments/:envId/stacks', href: (envId: string) => `${env(envId)}/stacks` },
  /** The troubleshooting checklist: findings with evidence and fix. */
  findings: { pattern: '/environments/:envId/findings', href: (envId: string) => `${env(envId)}/findings` },
  /** The host × host matrix and the per-hop trace; `from`/`to` select a pair, `tf`/`tt`/`port` a trace. */
  reachability: {
    pattern: '/environments/:envId/reachability',
    href: (envId: string, search?: Record<string, string>) => {
      const q = search ? new URLSearchParams(Object.entries(search).filter(([, v]) => v !== '')).toString() : ''
      return `${env(envId)}/reachability${q ? `?${q}` : ''}`
    },
  },
  /** Lab only: faults injected into the simulated or real-lab hosts (in the nav only when the environment has some). */
  lab: { pattern: '/environments/:envId/lab', href: (envId: string) => `${env(envId)}/lab` },
  settings: { pattern: '/environments/:envId/settings', href: (envId: string) => `${env(envId)}/settings` },

  stack: { pattern: '/environments/:envId/stacks/:id', href: (envId: string, id: string) => `${env(envId)}/stacks/${e(id)}` },
  /** The network-driver compose editor of a stack (loaded lazily: it brings Monaco). */
  stackEdit: {
    pattern: '/environments/:envId/stacks/:id/edit',
    href: (envId: string, id: string) => `${env(envId)}/stacks/${e(id)}/edit`,
  },
  network: { pattern: '/environments/:envId/networks/:id', href: (envId: string, id: string) => `${env(envId)}/networks/${e(id)}` },
  host: { pattern: '/environments/:envId/hosts/:id', href: (envId: string, id: string) => `${env(envId)}/hosts/${e(id)}` },
  container: {
    pattern: '/environments/:envId/containers/:id',
    href: (envId: string, id: string) => `${env(envId)}/containers/${e(id)}`,
  },

  catalog: { pattern: '/catalog', href: () => '/catalog' },
  /** Importing a Rancher catalog template version (matched before `catalogTemplate`; `import` is a reserved id). */
  catalogImport: { pattern: '/catalog/import', href: () => '/catalog/import' },
  catalogTemplate: {
    pattern: '/catalog/:id',
    /** `version` preselects a version of the template; without it the default version is shown. */
    href: (id: string, search?: { version?: string | null }) =>
      `/catalog/${e(id)}${search?.version ? `?${new URLSearchParams({ version: search.version }).toString()}` : ''}`,
  },
  templates: { pattern: '/templates', href: () => '/templates' },
  /** A new environment template (matched before `template`; `new` is a reserved id): a copy of `from`, else of the default. */
  templateNew: {
    pattern: '/templates/new',
    href: (search?: { from?: string }) => `/templates/new${search?.from ? `?${new URLSearchParams({ from: search.from }).toString()}` : ''}`,
  },
  template: { pattern: '/templates/:id', href: (id: string) => `/templates/${e(id)}` },
  /** The environment template editor. */
  templateEdit: { pattern: '/templates/:id/edit', href: (id: string) => `/templates/${e(id)}/edit` },
} as const

export const PAGE_LABELS: Record<PageKind, string> = {
  overview: 'Overview',
  hosts: 'Hosts',
  containers: 'Containers',
  stacks: 'Stacks',
  findings: 'Findings',
  reachability: 'Reachability',
  lab: 'Lab',
  settings: 'Settings',
}

export const GLOBAL_PAGE_LABELS: Record<GlobalPageKind, string> = {
  catalog: 'Catalog',
  templates: 'Templates',
}

export function pageHref(kind: PageKind, envId: string): string {
  return paths[kind].href(envId)
}

/** The admin pages (in the nav for administrators only). */
export const ADMIN_PAGE_KINDS = ['accounts', 'audit'] as const
export type AdminPageKind = (typeof ADMIN_PAGE_KINDS)[number]

export const ADMIN_PAGE_LABELS: Record<AdminPageKind, string> = {
  accounts: 'Accounts',
  audit: 'Audit log',
}

/** Which page kind a pathname shows, so the environment switcher can keep it. */
export function pageKindOf(pathname: string): PageKind | null {
  const match = /^\/environments\/[^/]+(?:\/([^/?#]+))?\/?$/.exec(pathname)
  if (!match) return null
  const rest = match[1]
  if (!rest) return 'overview'
  return (PAGE_KINDS as readonly string[]).includes(rest) && rest !== 'overview' ? (rest as PageKind) : null
}

/** The environment page a resource page belongs to: hosts for a host, stacks for a stack, the overview for a network. */
const SECTION_OF_COLLECTION: Record<string, PageKind> = {
  stacks: 'stacks',
  networks: 'overview',
  hosts: 'hosts',
  containers: 'containers',
}

/**
 * The environment page a pathname shows or belongs to: the page itself, or for a resource page
 * (`/environments/e/hosts/h1`) the page that lists it. The switcher goes there in the other environment.
 */
export function sectionOf(pathname: string): PageKind | null {
  const page = pageKindOf(pathname)
  if (page) return page
  const match = /^\/environments\/[^/]+\/([^/?#]+)\/[^/?#]+(?:\/edit)?\/?$/.exec(pathname)
  return match ? (SECTION_OF_COLLECTION[match[1]] ?? null) : null
}

/** The global page a pathname shows (`exact`) or belongs to (a catalog template belongs to the catalog). */
export function globalPageKindOf(pathname: string): { kind: GlobalPageKind; exact: boolean } | null {
  const match = /^\/(catalog|templates)(\/[^/?#]+(?:\/edit)?)?\/?$/.exec(pathname)
  if (!match) return null
  return { kind: match[1] as GlobalPageKind, exact: !match[2] }
}

/** Search parameter that opens the create-environment dialog, so the URL restores it. */
export const CREATE_ENVIRONMENT_PARAM = { name: 'dialog', value: 'create-environment' } as const
/** Search parameter that preselects an environment template in that dialog. */
export const CREATE_ENVIRONMENT_TEMPLATE_PARAM = 'template'
