import { lazy } from 'react'
import { Route, Switch } from 'wouter'
import { LazyBoundary } from '../components/ui/lazy-boundary.tsx'
import { DETAIL_KINDS, paths, type PageKind } from '../config/paths.ts'
import { CatalogPage } from './routes/catalog-page.tsx'
import { CatalogTemplatePage } from './routes/catalog-template-page.tsx'
import { EnvironmentDetailRoute, EnvironmentRoute, EnvironmentStackEditRoute } from './routes/environment-route.tsx'
import { RequireSignIn } from '../features/auth/components/require-sign-in.tsx'
import { AccountPage } from './routes/account-page.tsx'
import { AccountsPage } from './routes/accounts-page.tsx'
import { AuditPage } from './routes/audit-page.tsx'
import { HomePage } from './routes/home-page.tsx'
import { LoginPage } from './routes/login-page.tsx'
import { NotFoundPage } from './routes/not-found-page.tsx'
import { TemplateEditPage } from './routes/template-edit-page.tsx'
import { TemplateNewPage } from './routes/template-new-page.tsx'
import { TemplatePage } from './routes/template-page.tsx'
import { TemplatesPage } from './routes/templates-page.tsx'

// The import screen (and the validator it runs) is loaded when it opens.
const CatalogImportPage = lazy(() => import('./routes/catalog-import-page.tsx'))

const ENVIRONMENT_PAGES: PageKind[] = ['overview', 'hosts', 'containers', 'stacks', 'findings', 'reachability', 'lab', 'settings']

/** `/login` is open to everyone; every other page waits for a session (else `/login?next=<page>`). */
export function AppRoutes() {
  return (
    <Switch>
      <Route path={paths.login.pattern} component={LoginPage} />
      <Route>
        <RequireSignIn>
          <SignedInRoutes />
        </RequireSignIn>
      </Route>
    </Switch>
  )
}

function SignedInRoutes() {
  return (
    <Switch>
      <Route path={paths.home.pattern} component={HomePage} />
      <Route path={paths.account.pattern} component={AccountPage} />
      <Route path={paths.accounts.pattern} component={AccountsPage} />
      <Route path={paths.audit.pattern} component={AuditPage} />
      {ENVIRONMENT_PAGES.map((kind) => (
        <Route key={kind} path={paths[kind].pattern}>
          {(params: { envId: string }) => <EnvironmentRoute key={params.envId} envId={params.envId} kind={kind} />}
        </Route>
      ))}
      <Route path={paths.stackEdit.pattern}>
        {(params: { envId: string; id: string }) => (
          <EnvironmentStackEditRoute key={`${params.envId}/${params.id}`} envId={params.envId} id={params.id} />
        )}
      </Route>
      {DETAIL_KINDS.map((kind) => (
        <Route key={kind} path={paths[kind].pattern}>
          {(params: { envId: string; id: string }) => (
            <EnvironmentDetailRoute key={`${params.envId}/${params.id}`} envId={params.envId} kind={kind} id={params.id} />
          )}
        </Route>
      ))}
      <Route path={paths.catalog.pattern} component={CatalogPage} />
      <Route path={paths.catalogImport.pattern}>
        <LazyBoundary loadingLabel="Loading the import screen…" what="import screen">
          <CatalogImportPage />
        </LazyBoundary>
      </Route>
      <Route path={paths.catalogTemplate.pattern}>{(params: { id: string }) => <CatalogTemplatePage key={params.id} id={params.id} />}</Route>
      <Route path={paths.templates.pattern} component={TemplatesPage} />
      {/* `/templates/new` before `/templates/:id`: `new` is not a template id. */}
      <Route path={paths.templateNew.pattern} component={TemplateNewPage} />
      <Route path={paths.templateEdit.pattern}>{(params: { id: string }) => <TemplateEditPage key={params.id} id={params.id} />}</Route>
      <Route path={paths.template.pattern}>{(params: { id: string }) => <TemplatePage key={params.id} id={params.id} />}</Route>
      <Route component={NotFoundPage} />
    </Switch>
  )
}
