import type { Environment } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { useNetworkDrivers, useNetworks } from '../api/networks-queries.ts'
import { DefaultNetworkCard } from './default-network-card.tsx'

function NoDefaultNetwork({ environment, driverNames }: { environment: Environment; driverNames: string[] }) {
  let why: string
  if (driverNames.length === 0) {
    why =
      'It has no network driver: none of its infrastructure stacks declares a network_driver block ' +
      '(the IPsec or VXLAN networking stack does). Containers with network mode "managed" cannot get an address here. ' +
      'Create an environment from a template that includes a networking stack.'
  } else if (environment.state === 'activating') {
    why = `The network driver ${driverNames.join(', ')} is still being set up; the network appears when it is ready.`
  } else {
    why = `The network driver ${driverNames.join(', ')} declares no default_network, so network mode "managed" resolves to nothing.`
  }
  return (
    <section className="card" aria-labelledby="default-network-heading">
      <h2 id="default-network-heading">Default network</h2>
      <p className="panel-title">This environment has no default network.</p>
      <p>{why}</p>
    </section>
  )
}

export function DefaultNetworkSection({ environment }: { environment: Environment }) {
  const networks = useNetworks(environment.id)
  const drivers = useNetworkDrivers(environment.id)

  if (networks.isPending || drivers.isPending) {
    return (
      <section className="card" aria-labelledby="default-network-heading">
        <h2 id="default-network-heading">Default network</h2>
        <Loading label="Loading the default network…" />
      </section>
    )
  }
  const error = networks.error ?? drivers.error
  if (error) {
    return (
      <section className="card" aria-labelledby="default-network-heading">
        <h2 id="default-network-heading">Default network</h2>
        <ErrorPanel
          title="Could not load the default network"
          error={error}
          onRetry={() => {
            void networks.refetch()
            void drivers.refetch()
          }}
        />
      </section>
    )
  }

  const networkList = networks.data ?? []
  const driverList = drivers.data ?? []
  const network =
    networkList.find((n) => n.isDefault) ?? networkList.find((n) => n.id === environment.defaultNetworkId) ?? null
  if (!network) return <NoDefaultNetwork environment={environment} driverNames={driverList.map((d) => d.name)} />
  const driver = driverList.find((d) => d.id === network.networkDriverId) ?? null
  return <DefaultNetworkCard network={network} driver={driver} linkName />
}
