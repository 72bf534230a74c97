import { Link } from 'wouter'
import type { Network } from '../../../../core/api/index.ts'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { useNetworks } from '../api/networks-queries.ts'

/** Default first, then by name: the driver's network above the Docker network modes. */
function byDefaultThenName(a: Network, b: Network): number {
  if (a.isDefault !== b.isDefault) return a.isDefault ? -1 : 1
  return a.name.localeCompare(b.name)
}

export function NetworksTable({ envId, networks }: { envId: string; networks: Network[] }) {
  if (networks.length === 0) return <p className="muted">This environment has no networks yet.</p>
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Networks">
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">Kind</th>
            <th scope="col">Default</th>
            <th scope="col">Subnets</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {[...networks].sort(byDefaultThenName).map((network) => (
            <tr key={network.id}>
              <td>
                <Link href={paths.network.href(envId, network.id)} className="strong">
                  {network.name}
                </Link>
              </td>
              <td>
                <code>{network.kind}</code>
              </td>
              <td>{network.isDefault ? <span className="strong">yes: network mode managed</span> : 'no'}</td>
              <td>
                {network.subnets.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="inline-list">
                    {network.subnets.map((subnet) => (
                      <li key={subnet.id}>
                        <code>{subnet.cidr}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <StateBadge state={network.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Every network of the environment: the network driver's and the Docker network modes. */
export function NetworksSection({ envId }: { envId: string }) {
  const networks = useNetworks(envId)
  return (
    <section className="card" aria-labelledby="networks-heading">
      <h2 id="networks-heading">Networks</h2>
      <QueryView query={networks} what="networks">
        {(list) => <NetworksTable envId={envId} networks={list} />}
      </QueryView>
    </section>
  )
}
