import { Link } from 'wouter'
import type { Network } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { paths } from '../../../config/paths.ts'
import { useStacks } from '../../stacks/api/stacks-queries.ts'
import { useNetworkDrivers } from '../api/networks-queries.ts'
import { CniFiles } from './cni-files.tsx'
import { DefaultNetworkCard } from './default-network-card.tsx'
import { NetworkContainers } from './network-containers.tsx'
import { NetworkSubnets } from './network-subnets.tsx'

function Provenance({ network }: { network: Network }) {
  const drivers = useNetworkDrivers(network.environmentId)
  const stacks = useStacks(network.environmentId)
  if (network.networkDriverId === null) {
    return (
      <p className="muted">
        A Docker network mode: containers in this mode use Docker&apos;s own networking and get no managed IP.
      </p>
    )
  }
  const driver = drivers.data?.find((d) => d.id === network.networkDriverId)
  if (!driver) return null
  const stackName = stacks.data?.find((s) => s.id === driver.stackId)?.name ?? driver.stackId
  return (
    <p>
      Created by the network driver <span className="strong">{driver.name}</span>, declared in the infrastructure stack{' '}
      <Link href={paths.stack.href(network.environmentId, driver.stackId)}>{stackName}</Link>.
      {network.isDefault && (
        <>
          {' '}
          Network mode <code>managed</code> resolves to this network.
        </>
      )}
    </p>
  )
}

/** The network page: what the network is, how full each subnet is, who is on it, and what hosts receive. */
export function NetworkDetails({ network }: { network: Network }) {
  const drivers = useNetworkDrivers(network.environmentId)
  const driver = drivers.data?.find((d) => d.id === network.networkDriverId) ?? null
  const metadata = JSON.stringify(network.metadata, null, 2)
  const hasMetadata = Object.keys(network.metadata).length > 0
  return (
    <>
      <Provenance network={network} />
      <DefaultNetworkCard network={network} driver={driver} title={network.isDefault ? 'Default network' : 'Network'} withSubnetsAndFiles={false} />
      <NetworkSubnets network={network} />
      <NetworkContainers network={network} />
      <section className="card" aria-labelledby="network-cni-heading">
        <h2 id="network-cni-heading">CNI config each host receives</h2>
        <CniFiles files={network.cniFiles} />
      </section>
      <section className="card" aria-labelledby="network-metadata-heading">
        <div className="card-header">
          <h2 id="network-metadata-heading">Metadata</h2>
          {hasMetadata && <CopyButton text={metadata} label="Copy the network metadata" />}
        </div>
        {hasMetadata ? (
          <pre tabIndex={0} aria-label="Network metadata (JSON)">
            {metadata}
          </pre>
        ) : (
          <p className="muted">The network carries no metadata.</p>
        )}
      </section>
    </>
  )
}
