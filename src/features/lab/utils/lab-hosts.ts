import { isRealLabHost, LAB_FAULT_TYPES, SIMULATED_ONLY_FAULT_TYPES, type Host, type LabFaultType } from '../../../../core/api/index.ts'

export type LabKind = 'simulated' | 'real-lab'

/**
 * Which lab runs this environment's faults, and on which hosts. The server sends an
 * environment's faults to the real lab when it runs that environment, so real-lab hosts win
 * over simulated ones; removed hosts take no faults.
 */
export function labHostsOf(hosts: readonly Host[]): { kind: LabKind; hosts: Host[] } | null {
  const live = hosts.filter((h) => h.state !== 'removed')
  const real = live.filter(isRealLabHost)
  if (real.length > 0) return { kind: 'real-lab', hosts: real }
  const simulated = live.filter((h) => h.simulated)
  return simulated.length > 0 ? { kind: 'simulated', hosts: simulated } : null
}

/** The fault types the lab of that kind can do: real hosts have no Rancher metadata service to slow down and one LAN. */
export function faultTypesFor(kind: LabKind): readonly LabFaultType[] {
  return kind === 'real-lab' ? LAB_FAULT_TYPES.filter((t) => !SIMULATED_ONLY_FAULT_TYPES.includes(t)) : LAB_FAULT_TYPES
}
