import { useState } from 'react'
import { Link } from 'wouter'
import type { Container, Network } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { formatNumber } from '../../../lib/format.ts'
import { ContainerNameCell } from '../../containers/components/containers-table.tsx'
import { useNetworkContainers } from '../api/networks-queries.ts'
import { byManagedAddress, matchesContainer } from '../utils/network-containers.ts'

/** A plain table stays responsive up to a few hundred rows; past that the filter narrows it. */
export const ROWS_SHOWN = 200

function ContainerRow({ container }: { container: Container }) {
  return (
    <tr>
      <ContainerNameCell container={container} />
      <td>
        {container.hostId && container.hostName ? (
          <Link href={paths.host.href(container.environmentId, container.hostId)}>{container.hostName}</Link>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td title={container.managedIpNote.source}>
        {container.managedIp ? (
          <span className="nowrap">
            <code>{container.managedIp}</code> <CopyButton text={container.managedIp} label={`Copy the managed IP of ${container.name}`} />
          </span>
        ) : (
          <>
            <span className="muted">—</span>
            <div className="cell-note muted small">{container.managedIpNote.source}</div>
          </>
        )}
      </td>
      <td>
        <StateBadge state={container.state} />
      </td>
    </tr>
  )
}

function ContainersOnNetwork({ containers, network }: { containers: Container[]; network: Network }) {
  const networkName = network.name
  const [filter, setFilter] = useState('')
  if (containers.length === 0) {
    return (
      <p className="muted">
        No container uses this network yet. Containers with network mode{' '}
        {network.isDefault ? (
          <>
            <code>managed</code> or <code>{networkName}</code>
          </>
        ) : (
          <code>{networkName}</code>
        )}{' '}
        appear here.
      </p>
    )
  }
  const matching = containers.filter((c) => matchesContainer(c, filter)).sort(byManagedAddress)
  const shown = matching.slice(0, ROWS_SHOWN)
  return (
    <>
      {containers.length > 10 && (
        <div className="field-inline">
          <label htmlFor="network-containers-filter">Filter</label>
          <input
            id="network-containers-filter"
            type="search"
            value={filter}
            placeholder="name, host or address"
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      )}
      <div className="table-wrap">
        <table className="table table-plain" aria-label={`Containers on ${networkName}`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Host</th>
              <th scope="col">Managed IP</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <ContainerRow key={c.id} container={c} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small" aria-live="polite">
        {matching.length === 0
          ? `No container matches “${filter}”.`
          : shown.length < matching.length
            ? `Showing the first ${formatNumber(shown.length)} of ${formatNumber(matching.length)} by address; filter to find others.`
            : `${formatNumber(matching.length)} of ${formatNumber(containers.length)} containers, by managed IP.`}
      </p>
    </>
  )
}

/** The containers whose network mode resolved to the network, by address. */
export function NetworkContainers({ network }: { network: Network }) {
  const containers = useNetworkContainers(network.environmentId, network.id)
  return (
    <section className="card" aria-labelledby="network-containers-heading">
      <div className="card-header">
        <h2 id="network-containers-heading">Containers on {network.name}</h2>
        {containers.data && <span className="muted">{formatNumber(containers.data.length)}</span>}
      </div>
      <QueryView query={containers} what="the containers on this network">
        {(items) => <ContainersOnNetwork containers={items} network={network} />}
      </QueryView>
    </section>
  )
}
