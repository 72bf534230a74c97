import { Route, Switch } from 'wouter'
import { paths, type PageKind } from '../config/paths.ts'
import { EnvironmentRoute } from './routes/environment-route.tsx'
import { HomePage } from './routes/home-page.tsx'
import { NotFoundPage } from './routes/not-found-page.tsx'

const ENVIRONMENT_PAGES: PageKind[] = ['overview', 'hosts', 'containers', 'settings']

export function AppRoutes() {
  return (
    <Switch>
      <Route path={paths.home.pattern} component={HomePage} />
      {ENVIRONMENT_PAGES.map((kind) => (
        <Route key={kind} path={paths[kind].pattern}>
          {(params: { envId: string }) => <EnvironmentRoute key={params.envId} envId={params.envId} kind={kind} />}
        </Route>
      ))}
      <Route component={NotFoundPage} />
    </Switch>
  )
}
