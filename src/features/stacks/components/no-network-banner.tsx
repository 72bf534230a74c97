import { Link } from 'wouter'
import type { Environment } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'
import { useCatalog } from '../../catalog/api/catalog-queries.ts'
import { useDrift } from '../api/drift-queries.ts'

/** What follows from a removed driver; the brief wording operators see most. */
const AFTER_REMOVAL =
  'the network driver stack was removed, so containers on the managed network have failed networking and new managed containers are refused (no network for network mode managed)'
/** When no driver stack was removed (an environment made without one, or a driver without default_network). */
const WITHOUT_DRIVER = 'no network driver stack provides one, so new managed containers are refused (no network for network mode managed)'
/** While the drift and the catalog (which tell the two apart) are loading, or when they cannot be loaded. */
const UNKNOWN = 'new managed containers are refused (no network for network mode managed)'

/**
 * The overview's "why" when network mode `managed` resolves to nothing: most often the network
 * driver stack was removed by force (the drift report lists a Networking stack as missing). A
 * new environment still activating has no network yet either; the default network card says so.
 */
export function NoNetworkBanner({ environment }: { environment: Environment }) {
  if (environment.defaultNetworkId !== null || environment.state === 'activating') return null
  return <NoNetworkAlert environment={environment} />
}

function NoNetworkAlert({ environment }: { environment: Environment }) {
  const drift = useDrift(environment.id)
  const catalog = useCatalog()

  const networking = new Set((catalog.data ?? []).filter((t) => t.category === 'Networking').map((t) => t.id))
  const driverRemoved = (drift.data?.stacks ?? []).some((s) => s.status === 'missing' && s.catalogTemplateId !== null && networking.has(s.catalogTemplateId))
  const why = !drift.isSuccess || !catalog.isSuccess ? UNKNOWN : driverRemoved ? AFTER_REMOVAL : WITHOUT_DRIVER
  return (
    <div className="panel panel-error" role="alert">
      <p>
        <strong>No default network:</strong> {why}.
      </p>
      <p>
        <Link href={paths.stacks.href(environment.id)}>Add a network driver stack</Link> (IPsec or VXLAN) on the Stacks screen to
        restore it.
      </p>
    </div>
  )
}
