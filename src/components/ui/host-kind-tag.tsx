import { isRealLabHost, type Host } from '../../../core/api/index.ts'
import { Tag } from './state-badge.tsx'

type HostKindFacts = Pick<Host, 'simulated' | 'labels'>

/** What kind of lab host this is, if any: its answers come from a simulator, or from real packets in a namespace. */
export function hostKind(host: HostKindFacts): 'simulated' | 'real-lab' | null {
  if (host.simulated) return 'simulated'
  return isRealLabHost(host) ? 'real-lab' : null
}

const TAGS = {
  simulated: {
    text: 'simulated',
    title: 'A lab host simulated inside the control plane: no real packets',
    probeTitle: "A lab host simulated inside the control plane: it answers from the lab's faults, no real packets",
  },
  'real-lab': {
    text: 'real lab',
    title: 'A network namespace running the real Paddock agent: real packets',
    probeTitle: 'A network namespace running the real Paddock agent: it sent real packets',
  },
} as const

/**
 * The badge a lab host carries wherever it appears ("simulated" or "real lab"); nothing for any
 * other host. `probe`: beside a probe's outcome, where it names the host that answered
 * ("simulated host", "real lab host").
 */
export function HostKindTag({ host, probe = false }: { host: HostKindFacts | undefined; probe?: boolean }) {
  const kind = host ? hostKind(host) : null
  if (!kind) return null
  const tag = TAGS[kind]
  return <Tag title={probe ? tag.probeTitle : tag.title}>{probe ? `${tag.text} host` : tag.text}</Tag>
}
