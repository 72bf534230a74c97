import { Link } from 'wouter'
import type { Container, PortSpec } from '../../../../core/api/index.ts'
import { KeyValueTable } from '../../../components/ui/key-value-table.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { useHost } from '../../hosts/api/hosts-queries.ts'
import { useNetworks } from '../../networks/api/networks-queries.ts'
import { joinManagedHint, type AddressNote } from './containers-table.tsx'
import { CodeList } from '../../../components/ui/code-list.tsx'

function AddressColumn({ id, title, ip, note, hint }: { id: string; title: string; ip: string | null; note: AddressNote; hint?: string }) {
  return (
    <section className="address-column" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <p className="address-ip">{ip ? <code>{ip}</code> : <span className="muted">none</span>}</p>
      <p className="address-source">{note.source}</p>
      {note.detail && <p className="muted small">{note.detail}</p>}
      {hint && <p className="panel panel-warning small">To get one: {hint}.</p>}
    </section>
  )
}

/** The two addresses side by side, each with why the container has (or lacks) it. */
export function AddressPanel({ container }: { container: Container }) {
  return (
    <section className="card" aria-labelledby="addresses-heading">
      <h2 id="addresses-heading">Addresses</h2>
      <div className="address-grid">
        <AddressColumn id="docker-ip-heading" title="Docker bridge IP" ip={container.dockerIp} note={container.dockerIpNote} />
        <AddressColumn
          id="managed-ip-heading"
          title="Managed IP"
          ip={container.managedIp}
          note={container.managedIpNote}
          hint={joinManagedHint(container)}
        />
      </div>
      {container.dockerIp && container.managedIp && (
        <p className="muted small">
          <code>docker inspect</code> shows only the Docker bridge IP; the managed IP comes from Paddock&apos;s IPAM and is not visible
          there.
        </p>
      )}
    </section>
  )
}

function portText(port: PortSpec): string {
  return port.publicPort === null ? 'not published' : `${port.bindIp ?? '0.0.0.0'}:${port.publicPort}`
}

function PortsTable({ container }: { container: Container }) {
  const networks = useNetworks(container.environmentId)
  const network = networks.data?.find((n) => n.id === container.networkId)
  if (container.ports.length === 0) return <p className="muted">No published ports.</p>
  return (
    <>
      {network && !network.hostPorts && (
        <p className="panel panel-warning">
          Host ports are off on network {network.name}: these ports are not opened on the host.
        </p>
      )}
      <div className="table-wrap">
        <table className="table table-compact" aria-label="Published ports">
          <thead>
            <tr>
              <th scope="col">Container port</th>
              <th scope="col">Protocol</th>
              <th scope="col">On the host</th>
            </tr>
          </thead>
          <tbody>
            {container.ports.map((port) => (
              <tr key={`${port.bindIp}:${port.publicPort}:${port.privatePort}/${port.protocol}`}>
                <td>
                  <code>{port.privatePort}</code>
                </td>
                <td>{port.protocol}</td>
                <td>{port.publicPort === null ? <span className="muted">not published</span> : <code>{portText(port)}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

function HostLink({ envId, hostId, hostName }: { envId: string; hostId: string; hostName: string | null }) {
  const host = useHost(envId, hostId)
  return (
    <>
      <Link href={paths.host.href(envId, hostId)}>{hostName ?? hostId}</Link>{' '}
      {host.data?.simulated && <Tag title="A lab host simulated inside the control plane: no real packets">simulated</Tag>}
      {host.data && <div className="muted small">agent IP {host.data.agentIp}</div>}
    </>
  )
}

export function ContainerDetails({ container }: { container: Container }) {
  const envId = container.environmentId
  return (
    <>
      <AddressPanel container={container} />

      <section className="card" aria-labelledby="container-network-heading">
        <h2 id="container-network-heading">Networking</h2>
        <dl className="facts">
          <div>
            <dt>Network mode</dt>
            <dd>
              <code>{container.networkMode}</code>
            </dd>
          </div>
          <div>
            <dt>Resolves to network</dt>
            <dd>
              {container.networkId ? (
                <Link href={paths.network.href(envId, container.networkId)}>{container.networkName ?? container.networkId}</Link>
              ) : (
                <span className="muted">no network</span>
              )}
            </dd>
          </div>
          <div>
            <dt>MTU (eth0)</dt>
            <dd>{container.mtu ?? <span className="muted">not reported</span>}</dd>
          </div>
          <div>
            <dt>Addresses reported on eth0</dt>
            <dd>
              <CodeList items={container.reportedAddresses} none="none reported" />
            </dd>
          </div>
          <div>
            <dt>DNS servers</dt>
            <dd>
              <CodeList items={container.dns} none="none added" />
            </dd>
          </div>
          <div>
            <dt>Search domains</dt>
            <dd>
              <CodeList items={container.dnsSearch} none="none added" />
            </dd>
          </div>
        </dl>
        <h3>Published ports</h3>
        <PortsTable container={container} />
      </section>

      <section className="card" aria-labelledby="container-placement-heading">
        <h2 id="container-placement-heading">Placement</h2>
        <dl className="facts">
          <div>
            <dt>Host</dt>
            <dd>
              {container.hostId ? (
                <HostLink envId={envId} hostId={container.hostId} hostName={container.hostName} />
              ) : (
                <span className="muted">not scheduled</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Stack</dt>
            <dd>
              {container.stackId ? (
                <Link href={paths.stack.href(envId, container.stackId)}>{container.stackName ?? container.stackId}</Link>
              ) : (
                <span className="muted">{container.native ? 'none: created with the Docker CLI' : 'none'}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Service</dt>
            <dd>{container.serviceName ?? <span className="muted">none</span>}</dd>
          </div>
          <div>
            <dt>Image</dt>
            <dd className="break">
              <code>{container.image}</code>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <RelativeTime iso={container.createdAt} />
            </dd>
          </div>
          <div>
            <dt>ID</dt>
            <dd>
              <code>{container.id}</code>
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="container-labels-heading">
        <h2 id="container-labels-heading">Labels</h2>
        <KeyValueTable label="Container labels" entries={container.labels} keyHeader="Label" empty="The container has no labels." />
      </section>
    </>
  )
}
