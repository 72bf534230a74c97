import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { Link, useSearchParams } from 'wouter'
import {
  LAB_TUNNEL_PORTS,
  WRONG_AGENT_IP_KINDS,
  type Host,
  type LabFaultSpec,
  type LabFaultType,
} from '../../../../core/api/index.ts'
import { EmptyState } from '../../../components/ui/empty-state.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { paths } from '../../../config/paths.ts'
import { fieldMessages } from '../../../lib/api-error.ts'
import { useHosts } from '../../hosts/api/hosts-queries.ts'
import { useClearLabFault, useInjectLabFault } from '../api/lab-mutations.ts'
import { useLabFaults } from '../api/lab-queries.ts'
import { faultTypesFor, labHostsOf, type LabKind } from '../utils/lab-hosts.ts'

export const FAULT_LABELS: Record<LabFaultType, string> = {
  'udp-blocked': 'Block a tunnel port (one direction)',
  'router-stopped': 'Stop a host’s router',
  'wrong-agent-ip': 'Register with a wrong agent IP',
  'mtu-mismatch': 'MTU mismatch on a host',
  'slow-metadata': 'Slow metadata',
  'lan-overlap': 'Host LAN overlapping the managed subnet',
  disconnected: 'Disconnect a host',
}

const WRONG_IP_LABELS: Record<(typeof WRONG_AGENT_IP_KINDS)[number], string> = {
  'docker-bridge': 'docker0’s 172.17.0.1',
  duplicate: 'another host’s IP (duplicate)',
  'not-on-interfaces': 'an IP not on its interfaces',
}

const FAULT_PARAM = 'fault'
const isOffered = (offered: readonly LabFaultType[], v: string | null): v is LabFaultType => v !== null && (offered as readonly string[]).includes(v)

function Field({ label, children, errors }: { label: string; children: (id: string, describedBy: string | undefined) => ReactNode; errors: string[] }) {
  const id = useId()
  const errorId = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, errors.length > 0 ? errorId : undefined)}
      {errors.length > 0 && (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}

function HostSelect({ label, hosts, value, onChange, errors }: { label: string; hosts: Host[]; value: string; onChange: (id: string) => void; errors: string[] }) {
  return (
    <Field label={label} errors={errors}>
      {(id, describedBy) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={errors.length > 0 || undefined} aria-describedby={describedBy}>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name} ({h.agentIp})
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

/**
 * The form that injects one fault; the fault type lives in the URL (`?fault=`), so a reload or a
 * link restores it. Only the fault types this lab can do are offered (a link to another falls
 * back to the first).
 */
function InjectFaultForm({ envId, hosts, kind }: { envId: string; hosts: Host[]; kind: LabKind }) {
  const [searchParams, setSearchParams] = useSearchParams()
  const param = searchParams.get(FAULT_PARAM)
  const offered = faultTypesFor(kind)
  const type: LabFaultType = isOffered(offered, param) ? param : 'udp-blocked'
  const setType = (t: LabFaultType) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        next.set(FAULT_PARAM, t)
        return next
      },
      { replace: true },
    )
  const inject = useInjectLabFault(envId)
  const [hostId, setHostId] = useState(hosts[0]?.id ?? '')
  const [toHostId, setToHostId] = useState(hosts[1]?.id ?? hosts[0]?.id ?? '')
  const [port, setPort] = useState<number>(4500)
  const [wrongIp, setWrongIp] = useState<(typeof WRONG_AGENT_IP_KINDS)[number]>('docker-bridge')
  const [mtu, setMtu] = useState('1400')
  const [reloadMs, setReloadMs] = useState('15000')
  const [cidr, setCidr] = useState('10.42.0.0/24')
  const [done, setDone] = useState<string | null>(null)
  const typeId = useId()

  const known = (id: string) => (hosts.some((h) => h.id === id) ? id : (hosts[0]?.id ?? ''))
  const from = known(hostId)
  const to = known(toHostId)

  const spec = (): LabFaultSpec => {
    switch (type) {
      case 'udp-blocked':
        return { type, fromHostId: from, toHostId: to, port: port as 500 | 4500 | 4789 }
      case 'wrong-agent-ip':
        return { type, hostId: from, kind: wrongIp }
      case 'mtu-mismatch':
        return { type, hostId: from, mtu: Number(mtu) }
      case 'slow-metadata':
        return { type, hostId: from, reloadMs: Number(reloadMs) }
      case 'lan-overlap':
        return { type, hostId: from, cidr: cidr.trim() }
      default:
        return { type, hostId: from }
    }
  }
  const errors = (path: string) => fieldMessages(inject.error, path)
  const fieldPaths = ['hostId', 'fromHostId', 'toHostId', 'port', 'kind', 'mtu', 'reloadMs', 'cidr']
  const otherError = inject.error && fieldPaths.every((p) => errors(p).length === 0) ? inject.error : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    inject.mutate(spec(), { onSuccess: (fault) => setDone(fault.description) })
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Inject a fault">
      <div className="field">
        <label htmlFor={typeId}>Fault</label>
        <select id={typeId} value={type} onChange={(e) => setType(e.target.value as LabFaultType)}>
          {offered.map((t) => (
            <option key={t} value={t}>
              {FAULT_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar">
        <HostSelect label={type === 'udp-blocked' ? 'From host' : 'Host'} hosts={hosts} value={from} onChange={setHostId} errors={[...errors('hostId'), ...errors('fromHostId')]} />
        {type === 'udp-blocked' && (
          <>
            <HostSelect label="To host" hosts={hosts} value={to} onChange={setToHostId} errors={errors('toHostId')} />
            <Field label="UDP port" errors={errors('port')}>
              {(id, describedBy) => (
                <select id={id} value={port} onChange={(e) => setPort(Number(e.target.value))} aria-describedby={describedBy}>
                  {LAB_TUNNEL_PORTS.map((p) => (
                    <option key={p} value={p}>
                      {p} {p === 4789 ? '(VXLAN)' : p === 500 ? '(IPsec IKE)' : '(IPsec NAT-T)'}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        {type === 'wrong-agent-ip' && (
          <Field label="Wrong agent IP" errors={errors('kind')}>
            {(id, describedBy) => (
              <select id={id} value={wrongIp} onChange={(e) => setWrongIp(e.target.value as typeof wrongIp)} aria-describedby={describedBy}>
                {WRONG_AGENT_IP_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {WRONG_IP_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {type === 'mtu-mismatch' && (
          <Field label="MTU" errors={errors('mtu')}>
            {(id, describedBy) => (
              <input id={id} inputMode="numeric" value={mtu} onChange={(e) => setMtu(e.target.value)} aria-invalid={errors('mtu').length > 0 || undefined} aria-describedby={describedBy} />
            )}
          </Field>
        )}
        {type === 'slow-metadata' && (
          <Field label="Metadata reload time (ms)" errors={errors('reloadMs')}>
            {(id, describedBy) => (
              <input id={id} inputMode="numeric" value={reloadMs} onChange={(e) => setReloadMs(e.target.value)} aria-invalid={errors('reloadMs').length > 0 || undefined} aria-describedby={describedBy} />
            )}
          </Field>
        )}
        {type === 'lan-overlap' && (
          <Field label="LAN (CIDR)" errors={errors('cidr')}>
            {(id, describedBy) => (
              <input id={id} value={cidr} onChange={(e) => setCidr(e.target.value)} autoComplete="off" aria-invalid={errors('cidr').length > 0 || undefined} aria-describedby={describedBy} />
            )}
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={inject.isPending}>
          Inject fault
        </button>
      </div>
      <p role="status" className="muted small">
        {inject.isPending ? 'Injecting the fault…' : done ? `Injected: ${done}.` : ''}
      </p>
      {otherError && <ErrorPanel title="Could not inject the fault" error={otherError} />}
    </form>
  )
}

function ActiveFaults({ envId, kind }: { envId: string; kind: LabKind }) {
  const faults = useLabFaults(envId)
  const clear = useClearLabFault(envId)
  return (
    <QueryView query={faults} what="lab faults">
      {(list) => (
        <>
        {clear.error ? <ErrorPanel title="Could not clear the fault" error={clear.error} /> : null}
        {list.length === 0 ? (
          <p className="muted">
            {kind === 'real-lab'
              ? 'No active faults: the data plane is as the agents built it.'
              : 'No active faults: every lab host reports its own facts.'}
          </p>
        ) : (
          <ul className="plain-list" aria-label="Active faults">
            {list.map((f) => (
              <li key={f.id} className="toolbar">
                <span>{f.description}</span>
                <span className="muted small">
                  since <RelativeTime iso={f.createdAt} />
                </span>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Clear ${f.description}`}
                  disabled={clear.isPending && clear.variables === f.id}
                  onClick={() => clear.mutate(f.id)}
                >
                  Clear
                </button>
              </li>
            ))}
          </ul>
        )}
        </>
      )}
    </QueryView>
  )
}

/** What a fault does on real-lab hosts (the README's "Real lab"): each one is done to the data plane itself. */
function RealLabNote({ envId }: { envId: string }) {
  return (
    <div className="panel panel-warning" role="note">
      <p className="panel-title">Lab only — real lab hosts (network namespaces)</p>
      <p>
        These hosts are network namespaces running the real Paddock agent, so faults are done to the real data plane:
      </p>
      <ul>
        <li>a blocked tunnel port is an nftables drop inside the receiving host’s namespace;</li>
        <li>a stopped router stops the host’s overlay router (VXLAN device or charon);</li>
        <li>a wrong agent IP restarts the host’s agent with that <code>CATTLE_AGENT_IP</code>;</li>
        <li>an MTU mismatch changes the MTU of the host’s NIC (eth0);</li>
        <li>a disconnect unplugs the host’s LAN link (its agent still reaches Paddock, every tunnel fails).</li>
      </ul>
      <p>
        Slow metadata and an overlapping LAN are simulated-lab only. The checks find each fault only from what the agents
        measured; faults are undone when the server stops. See the effect on the{' '}
        <Link href={paths.reachability.href(envId)}>Reachability</Link> and <Link href={paths.findings.href(envId)}>Findings</Link> pages.
      </p>
    </div>
  )
}

function SimulatedLabNote({ envId }: { envId: string }) {
  return (
    <div className="panel panel-warning" role="note">
      <p className="panel-title">Lab only — simulated hosts</p>
      <p>
        Faults change only what a simulated host’s agent reports. Real hosts are never touched. Faults are kept in the
        server’s memory and clear when it restarts. See the effect on the <Link href={paths.findings.href(envId)}>Findings</Link> page.
      </p>
    </div>
  )
}

/**
 * Lab only: injects faults into the lab's hosts. On simulated hosts a fault changes only what
 * that agent reports (or registers with); on real-lab hosts (network namespaces running the
 * real agent) it is done to the data plane. Either way the Findings page sees it as it would
 * see a real host.
 */
export function LabPanel({ envId }: { envId: string }) {
  const hosts = useHosts(envId)
  return (
    <QueryView query={hosts} what="hosts">
      {(list) => {
        const lab = labHostsOf(list)
        if (!lab) {
          return (
            <>
              <SimulatedLabNote envId={envId} />
              <EmptyState title="No simulated hosts">
                <p>
                  Add a lab host on the <Link href={paths.hosts.href(envId)}>Hosts</Link> page to inject faults.
                </p>
              </EmptyState>
            </>
          )
        }
        return (
          <>
            {lab.kind === 'real-lab' ? <RealLabNote envId={envId} /> : <SimulatedLabNote envId={envId} />}
            <section className="card" aria-labelledby="lab-inject-heading">
              <h2 id="lab-inject-heading">Inject a fault</h2>
              <InjectFaultForm envId={envId} hosts={lab.hosts} kind={lab.kind} />
            </section>
            <section className="card" aria-labelledby="lab-active-heading">
              <h2 id="lab-active-heading">Active faults</h2>
              <ActiveFaults envId={envId} kind={lab.kind} />
            </section>
          </>
        )
      }}
    </QueryView>
  )
}
