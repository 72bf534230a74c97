import { useId } from 'react'
import { Link } from 'wouter'
import type { Network, NetworkDriver, Subnet } from '../../../../core/api/index.ts'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { UsageBar } from '../../../components/ui/usage-bar.tsx'
import { paths } from '../../../config/paths.ts'
import { formatNumber } from '../../../lib/format.ts'
import { CodeList } from '../../../components/ui/code-list.tsx'
import { CniFiles } from './cni-files.tsx'

type Props = {
  network: Network
  /** The driver that created the network; null while it is unknown (or when the network has none). */
  driver: NetworkDriver | null
  /** Heading of the card; "Default network" on the overview. */
  title?: string
  /** Links the network's name to its own page (off on that page). */
  linkName?: boolean
  /** The compact subnets table and the CNI files; the network page shows both in cards of their own. */
  withSubnetsAndFiles?: boolean
}

function SubnetRow({ subnet }: { subnet: Subnet }) {
  return (
    <tr>
      <td>
        <code>{subnet.cidr}</code>
      </td>
      <td>
        <code>{subnet.gateway}</code>
      </td>
      <td>
        <code>{`${subnet.startAddress} – ${subnet.endAddress}`}</code>
      </td>
      <td>
        <div className="usage">
          <UsageBar used={subnet.used} size={subnet.size} />
          <span>
            {formatNumber(subnet.used)} used · {formatNumber(subnet.free)} free
          </span>
        </div>
        <span className="muted small">of {formatNumber(subnet.size)} addresses in the range</span>
      </td>
    </tr>
  )
}

/** The environment's default network: what network mode `managed` resolves to, and what each host gets. */
export function DefaultNetworkCard({ network, driver, title = 'Default network', linkName = false, withSubnetsAndFiles = true }: Props) {
  const mtuExplained = network.mtu !== null && network.linkMtuOverhead !== null
  const headingId = useId()
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>{title}</h2>
        <StateBadge state={network.state} />
        {driver && (
          <Link href={paths.stackEdit.href(network.environmentId, driver.stackId)} className="button button-small card-header-action">
            Edit driver compose
          </Link>
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>Network</dt>
          <dd>
            {linkName ? (
              <Link href={paths.network.href(network.environmentId, network.id)} className="strong">
                {network.name}
              </Link>
            ) : (
              <span className="strong">{network.name}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Network driver</dt>
          <dd>
            {driver ? (
              <>
                <span className="strong">{driver.name}</span>{' '}
                <span className="muted">{driver.version ? `version ${driver.version}` : 'version not pinned'}</span>
              </>
            ) : network.networkDriverId === null ? (
              <span className="muted">none: a Docker network mode</span>
            ) : (
              <span className="muted">unknown</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>
            <code>{network.kind}</code>
          </dd>
        </div>
        <div>
          <dt>DNS servers</dt>
          <dd>
            <CodeList items={network.dns} none="none added" />
          </dd>
        </div>
        <div>
          <dt>Search domains</dt>
          <dd>
            <CodeList items={network.dnsSearch} none="none added" />
          </dd>
        </div>
        <div>
          <dt>Host ports</dt>
          <dd>
            <span className="strong">{network.hostPorts ? 'on' : 'off'}</span>{' '}
            <span className="muted small">
              {network.hostPorts ? 'published ports are opened on the host' : 'published ports are not opened on the host'}
            </span>
          </dd>
        </div>
        <div>
          <dt>MTU</dt>
          <dd>{network.mtu === null ? <span className="muted">not set by the driver</span> : <span>{network.mtu}</span>}</dd>
        </div>
        <div>
          <dt>Container MTU (eth0)</dt>
          <dd>
            {network.effectiveMtu === null ? (
              <span className="muted">not set</span>
            ) : (
              <>
                <span className="strong">{network.effectiveMtu}</span>{' '}
                {mtuExplained && (
                  <span className="muted small">{`mtu − linkMTUOverhead = ${network.mtu} − ${network.linkMtuOverhead}`}</span>
                )}
              </>
            )}
          </dd>
        </div>
      </dl>

      {withSubnetsAndFiles && (
        <>
          <h3>Subnets</h3>
          {network.subnets.length === 0 ? (
            <p className="muted">The network declares no subnet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Subnet</th>
                    <th scope="col">Gateway</th>
                    <th scope="col">Allocation range</th>
                    <th scope="col">Usage</th>
                  </tr>
                </thead>
                <tbody>
                  {network.subnets.map((subnet) => (
                    <SubnetRow key={subnet.id} subnet={subnet} />
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3>CNI config each host receives</h3>
          <CniFiles files={network.cniFiles} />
        </>
      )}
    </section>
  )
}
