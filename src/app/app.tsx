import { AppProvider } from './provider.tsx'
import { AppRoutes } from './router.tsx'
import { Shell } from './shell.tsx'

export function App() {
  return (
    <AppProvider>
      <Shell>
        <AppRoutes />
      </Shell>
    </AppProvider>
  )
}
