import type { Environment } from '../../../core/api/index.ts'
import { ContainersView } from '../../features/containers/components/containers-view.tsx'

export function ContainersPage({ environment }: { environment: Environment }) {
  return (
    <>
      <h1>Containers</h1>
      <p className="muted">
        A container on the managed network has two addresses: the <strong>Docker bridge IP</strong> from its host&apos;s docker0,
        and the <strong>managed IP</strong> from Paddock&apos;s IPAM. The managed IP is not visible in <code>docker inspect</code>.
      </p>
      <ContainersView envId={environment.id} />
    </>
  )
}
