import type { Kysely } from 'kysely'
import type { LabFault, LabFaultSpec } from '../core/api/lab.ts'
import type { Config } from './config.ts'
import type { Dialect } from './db/database.ts'
import type { Database } from './db/schema.ts'
import type { EventBus } from './events/event-bus.ts'
import type { Policy } from './auth/policy.ts'

/** Test seams: points where a test can make orchestration fail half-way. */
export interface Hooks {
  /** Called inside the environment-creation transaction after stacks and networks are written. */
  beforeEnvironmentCommit?: () => void | Promise<void>
}

/** Starts lab agents; set once the app exists (lab agents speak to it through the agent API). */
export interface LabControl {
  addHost(environmentId: string, opts: { name?: string; agentIp?: string }): Promise<{ hostId: string }>
  /** Lab faults (lab only): change what simulated hosts report; in memory, cleared on restart. */
  listFaults(environmentId: string): LabFault[]
  addFault(environmentId: string, spec: LabFaultSpec): Promise<LabFault>
  clearFault(environmentId: string, id: string): Promise<void>
}

/** Everything a service needs; built once by main.ts (or a test) and passed down. */
export interface AppContext {
  db: Kysely<Database>
  dialect: Dialect
  bus: EventBus
  config: Config
  policy: Policy
  hooks: Hooks
  version: string
  lab: LabControl | null
}
