import { useQuery } from '@tanstack/react-query'
import { useState, type MouseEvent, type ReactNode } from 'react'
import { Link, useLocation, useSearchParams } from 'wouter'
import { isRealLabHost, type Me } from '../../core/api/index.ts'
import { useMe } from '../features/auth/api/auth-api.ts'
import { AccountMenu } from '../features/auth/components/account-menu.tsx'
import { CreateEnvironmentDialog } from '../features/environments/components/create-environment-dialog.tsx'
import { EnvironmentSwitcher } from '../features/environments/components/environment-switcher.tsx'
import { useEnvironments } from '../features/environments/api/environments-queries.ts'
import { hostsQueryOptions } from '../features/hosts/api/hosts-queries.ts'
import {
  ADMIN_PAGE_KINDS,
  ADMIN_PAGE_LABELS,
  CREATE_ENVIRONMENT_PARAM,
  CREATE_ENVIRONMENT_TEMPLATE_PARAM,
  GLOBAL_PAGE_KINDS,
  GLOBAL_PAGE_LABELS,
  PAGE_KINDS,
  PAGE_LABELS,
  pageHref,
  paths,
  globalPageKindOf,
  pageKindOf,
  sectionOf,
} from '../config/paths.ts'
import { LiveIndicator } from './live-indicator.tsx'
import { ThemeToggle } from './theme-toggle.tsx'

/** The environment id in the current URL, if any. */
export function envIdOf(pathname: string): string | null {
  const match = /^\/environments\/([^/?#]+)/.exec(pathname)
  if (!match) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}

/**
 * Opening and closing the create-environment dialog through the URL; `templateId` preselects an
 * environment template (`&template=`), so the URL restores that too.
 */
export function useCreateEnvironmentDialog() {
  const [searchParams, setSearchParams] = useSearchParams()
  const open = searchParams.get(CREATE_ENVIRONMENT_PARAM.name) === CREATE_ENVIRONMENT_PARAM.value
  const templateId = open ? searchParams.get(CREATE_ENVIRONMENT_TEMPLATE_PARAM) : null
  const setOpen = (next: boolean, options: { templateId?: string } = {}) =>
    setSearchParams(
      (prev) => {
        const params = new URLSearchParams(prev)
        params.delete(CREATE_ENVIRONMENT_TEMPLATE_PARAM)
        if (next) {
          params.set(CREATE_ENVIRONMENT_PARAM.name, CREATE_ENVIRONMENT_PARAM.value)
          if (options.templateId) params.set(CREATE_ENVIRONMENT_TEMPLATE_PARAM, options.templateId)
        } else {
          params.delete(CREATE_ENVIRONMENT_PARAM.name)
        }
        return params
      },
      { replace: !next },
    )
  return [open, setOpen, templateId] as const
}

/**
 * The environment the environment pages of the nav point at: the one in the URL, else the last
 * one shown (on the catalog or template pages), else the first.
 */
function useNavEnvironmentId(envId: string | null): string | null {
  const environments = useEnvironments()
  const [lastEnvId, setLastEnvId] = useState(envId)
  if (envId !== null && envId !== lastEnvId) setLastEnvId(envId)
  if (envId !== null) return envId
  const list = environments.data ?? []
  if (lastEnvId !== null && list.some((e) => e.id === lastEnvId)) return lastEnvId
  return list[0]?.id ?? null
}

/**
 * The Lab page is in the nav only while the environment has lab hosts — simulated ones, or the
 * real lab's network-namespace hosts (label `io.paddock.lab: real`) — or while it is open.
 */
function useHasLabHosts(envId: string | null): boolean {
  const hosts = useQuery({ ...hostsQueryOptions(envId ?? ''), enabled: envId !== null })
  return envId !== null && (hosts.data ?? []).some((h) => (h.simulated || isRealLabHost(h)) && h.state !== 'removed')
}

function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault()
  const main = document.getElementById('main')
  main?.focus()
  main?.scrollIntoView()
}

/**
 * The page frame. Until someone is signed in (and on the sign-in page) only the brand and the
 * theme toggle: the environment switcher and the nav read the API, which needs a session.
 */
export function Shell({ children }: { children: ReactNode }) {
  const [location] = useLocation()
  const me = useMe()
  if (location === paths.login.pattern || !me.data) return <PublicShell>{children}</PublicShell>
  return <SignedInShell me={me.data}>{children}</SignedInShell>
}

/** The first element of every page: keyboard users jump past the header. */
function SkipLink() {
  return (
    <a href="#main" className="skip-link" onClick={skipToContent}>
      Skip to content
    </a>
  )
}

function Brand() {
  return (
    <Link href="/" className="brand">
      <img src="/favicon.svg" alt="" width={24} height={24} />
      <span>Paddock</span>
    </Link>
  )
}

function PublicShell({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <div className="header-row">
          <Brand />
          <div className="header-end">
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
    </>
  )
}

function SignedInShell({ children, me }: { children: ReactNode; me: Me }) {
  const [location] = useLocation()
  const envId = envIdOf(location)
  const navEnvId = useNavEnvironmentId(envId)
  const currentKind = envId ? pageKindOf(location) : null
  const currentSection = envId ? sectionOf(location) : null
  const currentGlobal = globalPageKindOf(location)
  const hasLab = useHasLabHosts(navEnvId)
  const [dialogOpen, setDialogOpen, dialogTemplateId] = useCreateEnvironmentDialog()

  return (
    <>
      <SkipLink />
      <header className="app-header">
        <div className="header-row">
          <Brand />
          <EnvironmentSwitcher currentEnvId={envId} onCreate={() => setDialogOpen(true)} />
          <div className="header-end">
            <LiveIndicator />
            <ThemeToggle />
            <AccountMenu me={me} />
          </div>
        </div>
        <div className="app-nav-row">
          {navEnvId && (
            <nav aria-label="Environment pages" className="app-nav">
              <ul>
                {PAGE_KINDS.filter((kind) => kind !== 'lab' || hasLab || currentKind === 'lab').map((kind) => (
                  <li key={kind}>
                    {/* A resource page (a host) marks the page that lists it (Hosts) as the current section. */}
                    <Link
                      href={pageHref(kind, navEnvId)}
                      aria-current={currentKind === kind ? 'page' : currentSection === kind ? 'true' : undefined}
                    >
                      {PAGE_LABELS[kind]}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <nav aria-label="Global pages" className="app-nav app-nav-global">
            <ul>
              {GLOBAL_PAGE_KINDS.map((kind) => (
                <li key={kind}>
                  <Link
                    href={paths[kind].href()}
                    aria-current={currentGlobal?.kind === kind ? (currentGlobal.exact ? 'page' : 'true') : undefined}
                  >
                    {GLOBAL_PAGE_LABELS[kind]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {me.account.admin && (
            <nav aria-label="Admin pages" className="app-nav app-nav-global">
              <ul>
                {ADMIN_PAGE_KINDS.map((kind) => (
                  <li key={kind}>
                    <Link href={paths[kind].href()} aria-current={location === paths[kind].pattern ? 'page' : undefined}>
                      {ADMIN_PAGE_LABELS[kind]}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
      <CreateEnvironmentDialog open={dialogOpen} initialTemplateId={dialogTemplateId} onClose={() => setDialogOpen(false)} />
    </>
  )
}
