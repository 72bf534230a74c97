import type { ReactNode } from 'react'
import { Link } from 'wouter'
import type { Container, ManagedAddress, PortSpec } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { HostKindTag } from '../../../components/ui/host-kind-tag.tsx'
import { KeyValueTable } from '../../../components/ui/key-value-table.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { useHost } from '../../hosts/api/hosts-queries.ts'
import { useNetworks } from '../../networks/api/networks-queries.ts'
import { joinManagedHint, type AddressNote } from './containers-table.tsx'
import { PROBLEM_LABELS } from './problem-badges.tsx'
import { CodeList } from '../../../components/ui/code-list.tsx'
import { pendingTransition } from '../utils/container-transition.ts'

/** Docker's default bridge on every host (domain §3.7); the agent reports only the address on it. */
const DOCKER_BRIDGE = { name: 'docker0', subnet: '172.17.0.0/16', gateway: '172.17.0.1' }

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

type ColumnProps = {
  id: string
  title: string
  /** How the copy button names the address, as the containers table does ("managed IP"). */
  noun: string
  ip: string | null
  note: AddressNote
  hint?: string
  children?: ReactNode
}

function AddressColumn({ id, title, noun, ip, note, hint, children }: ColumnProps) {
  return (
    <section className="address-column" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <p className="address-ip">
        {ip ? (
          <>
            <code>{ip}</code> <CopyButton text={ip} label={`Copy ${noun} ${ip}`} />
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </p>
      <p className="address-source">{note.source}</p>
      {note.detail && <p className="muted small">{note.detail}</p>}
      {hint && <p className="panel panel-warning small">To get one: {hint}.</p>}
      {children}
    </section>
  )
}

/** How IPAM chose the address, in the operator's words; a request it could not honour is said plainly. */
function HowChosen({ address }: { address: ManagedAddress }) {
  const requested = address.requested
  const list = (
    <ul className="inline-list" aria-label="Requested addresses">
      {requested.map((ip) => (
        <li key={ip}>
          <code>{ip}</code>
          {ip === address.address ? ' (given)' : ''}
        </li>
      ))}
    </ul>
  )
  if (address.source === 'retained') return <>retained from the container it replaces</>
  if (address.source === 'requested') {
    return (
      <>
        requested with <code>io.rancher.container.requested_ip</code>: {list}
      </>
    )
  }
  if (requested.length === 0) return <>the next free address in the subnet&apos;s range</>
  return (
    <>
      the next free address: the request was not honoured (taken or outside the range) {list}
    </>
  )
}

function ManagedAddressFacts({ envId, address }: { envId: string; address: ManagedAddress }) {
  return (
    <dl className="facts">
      <Fact term="Network">
        <Link href={paths.network.href(envId, address.networkId)}>{address.networkName}</Link>
      </Fact>
      <Fact term="Subnet">
        <code>{address.subnet}</code>
      </Fact>
      <Fact term="Gateway">
        <code>{address.gateway}</code>
      </Fact>
      <Fact term="MAC (eth0)">{address.macAddress ? <code>{address.macAddress}</code> : <span className="muted">not assigned</span>}</Fact>
      <Fact term="How it was chosen">
        <HowChosen address={address} />
      </Fact>
    </dl>
  )
}

function DockerBridgeFacts({ container }: { container: Container }) {
  return (
    <dl className="facts">
      <Fact term="Host">{container.hostName ?? <span className="muted">not scheduled</span>}</Fact>
      <Fact term="Bridge">
        <code>{DOCKER_BRIDGE.name}</code> <code>{DOCKER_BRIDGE.subnet}</code>
      </Fact>
      <Fact term="Gateway">
        <code>{DOCKER_BRIDGE.gateway}</code>
      </Fact>
    </dl>
  )
}

/** The two addresses side by side, each with why the container has (or lacks) it and where it comes from. */
export function AddressPanel({ container }: { container: Container }) {
  return (
    <section className="card" aria-labelledby="addresses-heading">
      <h2 id="addresses-heading">Addresses</h2>
      {container.networkContainerName && (
        <p>
          Shared with {container.networkContainerName}: these are its addresses (network mode <code>{container.networkMode}</code>).
        </p>
      )}
      <div className="address-grid">
        <AddressColumn id="docker-ip-heading" title="Docker bridge IP" noun="Docker bridge IP" ip={container.dockerIp} note={container.dockerIpNote}>
          {container.dockerIp && <DockerBridgeFacts container={container} />}
        </AddressColumn>
        <AddressColumn
          id="managed-ip-heading"
          title="Managed IP"
          noun="managed IP"
          ip={container.managedIp}
          note={container.managedIpNote}
          hint={joinManagedHint(container)}
        >
          {container.managedAddress && <ManagedAddressFacts envId={container.environmentId} address={container.managedAddress} />}
          {container.managedIp && (
            <p className="muted small">
              The managed IP comes from Paddock&apos;s IPAM and is not visible in <code>docker inspect</code>, which shows only the Docker
              bridge IP.
            </p>
          )}
        </AddressColumn>
      </div>
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
      <HostKindTag host={host.data} />
      {host.data && <div className="muted small">agent IP {host.data.agentIp}</div>}
    </>
  )
}

function StatusCard({ container }: { container: Container }) {
  const transition = pendingTransition(container)
  return (
    <section className="card" aria-labelledby="container-status-heading">
      <h2 id="container-status-heading">Status</h2>
      <dl className="facts">
        <Fact term="State">
          <StateBadge state={container.state} /> {transition && <span className="muted">{transition}</span>}
        </Fact>
        <Fact term="Desired state">{container.desiredState}</Fact>
        {container.error && (
          <Fact term="Error">
            <span className="break">{container.error}</span>
          </Fact>
        )}
      </dl>
      {container.problems.length > 0 ? (
        <ul className="plain-list" aria-label="Problems">
          {container.problems.map((problem, i) => (
            <li key={`${problem.code}-${i}`}>
              <span className="badge badge-bad">{PROBLEM_LABELS[problem.code] ?? problem.code}</span> {problem.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No address problems.</p>
      )}
    </section>
  )
}

/** For `container:X`: whose network namespace this is, and the addresses that come with it. */
function SharedNamespace({ container }: { container: Container }) {
  const inherited = [container.dockerIp, container.managedIp].filter((ip): ip is string => ip !== null)
  return (
    <div>
      <dt>Network namespace</dt>
      <dd>
        shares the network namespace of{' '}
        {container.networkContainerId ? (
          <Link href={paths.container.href(container.environmentId, container.networkContainerId)}>{container.networkContainerName}</Link>
        ) : (
          <code>{container.networkContainerName}</code>
        )}
        <div className="muted small">
          inherits its addresses: {inherited.length > 0 ? inherited.join(', ') : 'none (it has none of its own)'}
        </div>
      </dd>
    </div>
  )
}

export function ContainerDetails({ container }: { container: Container }) {
  const envId = container.environmentId
  return (
    <>
      <StatusCard container={container} />

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
          {container.networkContainerName && <SharedNamespace container={container} />}
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
