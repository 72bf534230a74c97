/**
 * The container runtime seen by the agent: it makes one desired container exist (or not) and
 * says what its network looks like. This issue implements network-namespace containers
 * (netns-runtime.ts); a Docker runtime can implement the same interface later without
 * touching the reconcile loop, the overlays or the reports.
 */
import type { ContainerFacts, DesiredContainer } from '../../core/api/index.ts'
import type { Exec } from '../exec.ts'

/** What the runtime needs from the host to attach a container. */
export interface AttachContext {
  /** The rendered CNI config for this host (already parsed), or null. */
  cniConfig: Record<string, unknown> | null
  /** Containers by name, for `container:X` (networkFrom). */
  byName: Map<string, DesiredContainer>
}

export interface ContainerRuntime {
  /** Makes c exist in its desired state and answers its runtime facts (state removed once gone). */
  ensure(c: DesiredContainer, ctx: AttachContext): Promise<ContainerFacts>
  /** Removes a container this runtime runs that is no longer desired at all. */
  remove(id: string): Promise<void>
  /** Ids of the containers it runs. */
  known(): string[]
  /** The network namespace to send a probe from (null: unknown, or the host's own). */
  netnsOf(id: string): string | null
  /** Removes everything it created (lab teardown); a real host keeps its containers. */
  removeAll(): Promise<void>
}

export interface RuntimeDeps {
  exec: Exec
  /** Directory holding the CNI plugins (Debian: /usr/lib/cni). */
  cniPath: string
  /** The host's own named netns (lab), to run CNI plugins exactly as `ip netns exec` would; null on a real host. */
  hostNetns: string | null
  /** Prefix of the container namespaces' names, unique per host (the lab deletes by it). */
  netnsPrefix: string
}
