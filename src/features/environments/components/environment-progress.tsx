import type { Host, Network, Stack } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { useAddLabHost } from '../../hosts/api/hosts-mutations.ts'
import { useHosts } from '../../hosts/api/hosts-queries.ts'
import { useNetworks } from '../../networks/api/networks-queries.ts'
import { useStacks } from '../../stacks/api/stacks-queries.ts'
import { useEnvironment } from '../api/environments-queries.ts'

/**
 * A stack as creation progresses: `requested` while it waits for a host (its services start
 * only once a host is active, domain §3.1), then the stack's own state (activating → active).
 */
export function progressStateOf(stack: Pick<Stack, 'state'>, hostActive: boolean): string {
  return stack.state === 'activating' && !hostActive ? 'requested' : stack.state
}

function summaryOf(stacks: Stack[], hostActive: boolean): string {
  const failed = stacks.filter((s) => s.state === 'error')
  if (failed.length > 0) return `Failed: ${failed.map((s) => `${s.name}${s.stateReason ? ` (${s.stateReason})` : ''}`).join(', ')}.`
  if (stacks.length === 0) return 'The environment has no infrastructure stacks.'
  if (!hostActive)
    return `Waiting for a host: ${stacks.length} infrastructure ${stacks.length === 1 ? 'stack' : 'stacks'} requested. Infrastructure services start only once a host is active.`
  const active = stacks.filter((s) => s.state === 'active').length
  if (active === stacks.length) return `Ready: all ${stacks.length} infrastructure stacks are active.`
  return `Activating: ${active} of ${stacks.length} infrastructure stacks active.`
}

function NetworkStep({ network }: { network: Network | undefined }) {
  if (!network) return <>No network yet: without a network driver, containers in network mode managed have no network to join.</>
  const cidrs = network.subnets.map((s) => s.cidr).join(', ')
  const facts = [cidrs ? `subnet ${cidrs}` : '', network.effectiveMtu !== null ? `containers' MTU ${network.effectiveMtu}` : '']
    .filter(Boolean)
    .join(', ')
  return (
    <>
      Network <code>{network.name}</code> created{facts ? ` (${facts})` : ''}: network mode managed resolves to it.
    </>
  )
}

function HostStep({ hosts, envId }: { hosts: Host[]; envId: string }) {
  const addLabHost = useAddLabHost(envId)
  const active = hosts.filter((h) => h.state === 'active')
  const others = hosts.filter((h) => h.state !== 'active' && h.state !== 'removed')
  return (
    <>
      {active.length > 0 ? (
        <>
          {active.length} {active.length === 1 ? 'host' : 'hosts'} active: {active.map((h) => h.name).join(', ')}.
        </>
      ) : (
        <>No host is active yet.</>
      )}
      {others.length > 0 && <span className="muted"> {others.map((h) => `${h.name} ${h.state}`).join(', ')}.</span>}{' '}
      <button type="button" className="button button-small" disabled={addLabHost.isPending} onClick={() => addLabHost.mutate({})}>
        {addLabHost.isPending ? 'Adding a lab host…' : 'Add lab host'}
      </button>
      {addLabHost.error !== null && <ErrorPanel title="Could not add a lab host" error={addLabHost.error} />}
    </>
  )
}

/**
 * How far a new environment is: its infrastructure stacks (requested → activating → active),
 * the network its driver created, and whether a host is active yet. It follows the live event
 * stream (the stacks, networks and hosts queries it reads are refreshed by it), no reloads.
 */
export function EnvironmentProgress({ envId }: { envId: string }) {
  const environment = useEnvironment(envId)
  const stacks = useStacks(envId)
  const networks = useNetworks(envId)
  const hosts = useHosts(envId)

  if (stacks.isPending || hosts.isPending || networks.isPending) return <Loading label="Loading the environment's progress…" />
  const failed = [stacks, hosts, networks].find((q) => q.isError)
  if (failed?.error)
    return <ErrorPanel title="Could not load the environment's progress" error={failed.error} onRetry={() => void failed.refetch()} />

  const system = (stacks.data ?? []).filter((s) => s.system && s.state !== 'removed')
  const hostList = hosts.data ?? []
  const hostActive = hostList.some((h) => h.state === 'active')
  const defaultNetworkId = environment.data?.defaultNetworkId
  const network = (networks.data ?? []).find((n) => (defaultNetworkId ? n.id === defaultNetworkId : n.isDefault))

  return (
    <section className="environment-progress" aria-label={`Progress of ${environment.data?.name ?? 'the environment'}`}>
      <p role="status" className="strong">
        {summaryOf(system, hostActive)}
      </p>
      <ul className="plain-list">
        <li>
          <StateBadge state={network ? 'active' : 'inactive'} label={network ? 'created' : 'none'} /> <NetworkStep network={network} />
        </li>
        <li>
          <StateBadge state={hostActive ? 'active' : 'activating'} label={hostActive ? 'host active' : 'waiting'} />{' '}
          <HostStep hosts={hostList} envId={envId} />
        </li>
      </ul>
      {system.length > 0 && (
        <table className="table table-compact" aria-label="Infrastructure stacks">
          <thead>
            <tr>
              <th scope="col">Stack</th>
              <th scope="col">State</th>
              <th scope="col">Services</th>
            </tr>
          </thead>
          <tbody>
            {system.map((s) => {
              const state = progressStateOf(s, hostActive)
              const activeServices = s.services.filter((svc) => svc.state === 'active').length
              return (
                <tr key={s.id}>
                  <td className="strong">{s.name}</td>
                  <td>
                    <StateBadge state={state === 'requested' ? 'activating' : s.state} label={state} />
                    {/* "requested" already says it waits for a host. */}
                    {s.stateReason && state !== 'requested' && s.state !== 'active' && <div className="muted small">{s.stateReason}</div>}
                  </td>
                  <td>
                    {activeServices} of {s.services.length} active
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
