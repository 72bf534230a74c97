/**
 * One lab API for both labs: requests for a real-lab environment go to the real lab, every
 * other environment's to the simulated lab agents.
 */
import type { LabFault, LabFaultSpec } from '../../../core/api/lab.ts'
import type { LabControl } from '../../context.ts'
import type { RealLab } from './real-lab.ts'

export class LabDispatch implements LabControl {
  constructor(
    private readonly simulated: LabControl | null,
    private readonly real: RealLab,
  ) {}

  private pick(environmentId: string): LabControl {
    if (this.real.owns(environmentId)) return this.real
    if (this.simulated) return this.simulated
    return this.real
  }

  addHost(environmentId: string, opts: { name?: string; agentIp?: string }): Promise<{ hostId: string }> {
    return this.pick(environmentId).addHost(environmentId, opts)
  }

  listFaults(environmentId: string): LabFault[] {
    return this.pick(environmentId).listFaults(environmentId)
  }

  addFault(environmentId: string, spec: LabFaultSpec): Promise<LabFault> {
    return this.pick(environmentId).addFault(environmentId, spec)
  }

  clearFault(environmentId: string, id: string): Promise<void> {
    return this.pick(environmentId).clearFault(environmentId, id)
  }
}
