import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { PROBE_TIMEOUT_MS, type Host, type Probe } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { HostKindTag } from '../../../components/ui/host-kind-tag.tsx'
import { hostQueryOptions } from '../../hosts/api/hosts-queries.ts'
import { useProbe, useSendProbe } from '../api/probe-queries.ts'

type Props = {
  envId: string
  /** Container A (its host's agent sends the packets from A's network namespace). */
  fromContainerId: string
  /** Container B's id or an IPv4 address, as the trace has it. */
  to: string
  port?: number
  fromName: string
  toName: string
}

const describeProbe = (p: Probe) => (p.protocol === 'tcp' ? `TCP connect to ${p.target}:${p.port}` : `ping ${p.target}`)

/** What came back: the verdict, the RTT and the agent's output verbatim. */
function ProbeOutcome({ probe, hostName, host }: { probe: Probe; hostName: string; host: Host | undefined }) {
  const kindTag = <HostKindTag host={host} probe />
  if (probe.state === 'pending') {
    return (
      <p className="muted">
        Pending: waiting for the agent of {hostName} to {describeProbe(probe)}… {kindTag}
      </p>
    )
  }
  if (probe.state === 'expired' || probe.result === null) {
    return (
      <p>
        <span className="badge badge-neutral">no answer</span> The agent of {hostName} did not answer within {PROBE_TIMEOUT_MS / 1000} s: it is
        disconnected, or it does not run probes. {kindTag}
      </p>
    )
  }
  const { ok, rttMs, detail } = probe.result
  return (
    <>
      <p>
        <span className={`badge badge-${ok ? 'ok' : 'bad'}`}>{ok ? 'ok' : 'failed'}</span> {describeProbe(probe)} from {hostName}
        {rttMs !== null && <> · RTT {rttMs} ms</>} {kindTag}
      </p>
      {detail && (
        <pre className="finding-fix" tabIndex={0} aria-label="What the agent printed">
          {detail}
        </pre>
      )}
    </>
  )
}

/**
 * "Send real packets": after a trace, asks the agent of A's host to ping B (or TCP-connect to
 * the trace's port) from A's network namespace, and shows what it answered. The trace says
 * what the reports imply; this checks it with traffic.
 */
export function ProbePanel({ envId, fromContainerId, to, port, fromName, toName }: Props) {
  const headingId = useId()
  const [probeId, setProbeId] = useState<string | null>(null)
  const send = useSendProbe(envId)
  const probe = useProbe(envId, probeId)
  const hostId = probe.data?.hostId ?? null
  const host = useQuery({ ...hostQueryOptions(envId, hostId ?? ''), enabled: hostId !== null })
  const busy = send.isPending || probe.data?.state === 'pending'

  const start = (protocol: 'icmp' | 'tcp') =>
    send.mutate({ fromContainerId, to, protocol, port: protocol === 'tcp' ? (port ?? null) : null }, { onSuccess: (p) => setProbeId(p.id) })

  return (
    <section aria-labelledby={headingId} className="probe">
      <h3 id={headingId}>Real packets</h3>
      <p className="muted small">
        Ask the agent of {fromName}’s host to send packets from {fromName} to {toName}.
      </p>
      <p className="inline-list">
        <button type="button" className="button" disabled={busy} onClick={() => start('icmp')}>
          Send real packets (ping)
        </button>
        {port !== undefined && (
          <button type="button" className="button" disabled={busy} onClick={() => start('tcp')}>
            Send real packets (TCP {port})
          </button>
        )}
      </p>
      {send.isError && <ErrorPanel title="Could not send the probe" error={send.error} />}
      {probe.isError && <ErrorPanel title="Could not read the probe" error={probe.error} onRetry={() => void probe.refetch()} />}
      {probe.data && <ProbeOutcome probe={probe.data} hostName={host.data?.name ?? 'its host'} host={host.data} />}
    </section>
  )
}
