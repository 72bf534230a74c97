import type { MouseEvent, ReactNode } from 'react'
import { Link, useLocation, useSearchParams } from 'wouter'
import { CreateEnvironmentDialog } from '../features/environments/components/create-environment-dialog.tsx'
import { EnvironmentSwitcher } from '../features/environments/components/environment-switcher.tsx'
import { CREATE_ENVIRONMENT_PARAM, PAGE_KINDS, PAGE_LABELS, pageHref, pageKindOf } from '../config/paths.ts'
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

/** Opening and closing the create-environment dialog through the URL. */
export function useCreateEnvironmentDialog() {
  const [searchParams, setSearchParams] = useSearchParams()
  const open = searchParams.get(CREATE_ENVIRONMENT_PARAM.name) === CREATE_ENVIRONMENT_PARAM.value
  const setOpen = (next: boolean) =>
    setSearchParams(
      (prev) => {
        const params = new URLSearchParams(prev)
        if (next) params.set(CREATE_ENVIRONMENT_PARAM.name, CREATE_ENVIRONMENT_PARAM.value)
        else params.delete(CREATE_ENVIRONMENT_PARAM.name)
        return params
      },
      { replace: !next },
    )
  return [open, setOpen] as const
}

function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault()
  const main = document.getElementById('main')
  main?.focus()
  main?.scrollIntoView()
}

export function Shell({ children }: { children: ReactNode }) {
  const [location] = useLocation()
  const envId = envIdOf(location)
  const currentKind = pageKindOf(location)
  const [dialogOpen, setDialogOpen] = useCreateEnvironmentDialog()

  return (
    <>
      <a href="#main" className="skip-link" onClick={skipToContent}>
        Skip to content
      </a>
      <header className="app-header">
        <div className="header-row">
          <Link href="/" className="brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>Paddock</span>
          </Link>
          <EnvironmentSwitcher currentEnvId={envId} onCreate={() => setDialogOpen(true)} />
          <div className="header-end">
            <LiveIndicator />
            <ThemeToggle />
          </div>
        </div>
        {envId && (
          <nav aria-label="Environment pages" className="app-nav">
            <ul>
              {PAGE_KINDS.map((kind) => (
                <li key={kind}>
                  <Link href={pageHref(kind, envId)} aria-current={currentKind === kind ? 'page' : undefined}>
                    {PAGE_LABELS[kind]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
      <CreateEnvironmentDialog open={dialogOpen} onClose={() => setDialogOpen(false)} />
    </>
  )
}
