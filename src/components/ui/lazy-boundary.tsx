import { Component, Suspense, type ReactNode } from 'react'
import { ErrorPanel } from './error-panel.tsx'
import { Loading } from './loading.tsx'

type Props = { children: ReactNode; loadingLabel: string; what: string }

/**
 * Frame for a lazily loaded page: a loading line while its code downloads, and a panel with a
 * reload button when the download fails (the server went away, or a new version replaced it).
 */
export class LazyBoundary extends Component<Props, { error: unknown }> {
  state = { error: null as unknown }

  static getDerivedStateFromError(error: unknown) {
    return { error }
  }

  render() {
    if (this.state.error) {
      return <ErrorPanel title={`Could not load the ${this.props.what}`} error={this.state.error} onRetry={() => window.location.reload()} />
    }
    return <Suspense fallback={<Loading label={this.props.loadingLabel} />}>{this.props.children}</Suspense>
  }
}
