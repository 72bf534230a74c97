/**
 * The real host agent's entry point. Configuration comes from the environment, as a
 * container's would:
 *
 *   PADDOCK_URL                 http://paddock:8080, or unix:/path/to.sock
 *   PADDOCK_ENVIRONMENT         the environment id
 *   PADDOCK_REGISTRATION_TOKEN  the environment's registration token (Settings → Registration)
 *   PADDOCK_HOST_NAME           this host's name (default: the hostname)
 *   CATTLE_AGENT_IP             the address peers reach this host on (the tunnel endpoint)
 *   PADDOCK_HOST_LABELS         JSON object of host labels (optional)
 *   PADDOCK_NETNS               the named netns this agent runs in (lab only), for CNI calls
 *   PADDOCK_NETNS_PREFIX        prefix of the container namespaces it creates (default paddock-)
 *   PADDOCK_CNI_PATH            CNI plugin directory (default /usr/lib/cni)
 *   PADDOCK_STATE_DIR           charon's configuration, socket and log (default /var/lib/paddock-agent)
 *   PADDOCK_TEARDOWN_ON_EXIT    "true": remove containers and the overlay on SIGTERM (lab)
 *
 * Signals: SIGTERM/SIGINT stop it; SIGUSR2 stops the overlay router and SIGUSR1 starts it
 * again — the local equivalent of `docker stop`/`docker start` of the router container.
 */
import os from 'node:os'
import { Agent } from './agent.ts'
import { ApiClient } from './api-client.ts'
import { exec } from './exec.ts'
import { NetnsRuntime } from './runtime/netns-runtime.ts'

function required(name: string): string {
  const v = process.env[name]
  if (!v) {
    process.stderr.write(`paddock-agent: ${name} is required\n`)
    process.exit(2)
  }
  return v
}

const log = (msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), host: process.env.PADDOCK_HOST_NAME, msg, ...extra })}\n`)

let labels: Record<string, string> = {}
try {
  labels = JSON.parse(process.env.PADDOCK_HOST_LABELS ?? '{}') as Record<string, string>
} catch {
  process.stderr.write('paddock-agent: PADDOCK_HOST_LABELS must be a JSON object\n')
  process.exit(2)
}

const agent = new Agent(
  {
    environmentId: required('PADDOCK_ENVIRONMENT'),
    registrationToken: required('PADDOCK_REGISTRATION_TOKEN'),
    name: process.env.PADDOCK_HOST_NAME ?? os.hostname(),
    agentIp: required('CATTLE_AGENT_IP'),
    labels,
    bridge: 'docker0',
    watchMs: 250,
    stateDir: process.env.PADDOCK_STATE_DIR ?? '/var/lib/paddock-agent',
  },
  {
    api: new ApiClient(required('PADDOCK_URL')),
    exec,
    runtime: new NetnsRuntime({
      exec,
      cniPath: process.env.PADDOCK_CNI_PATH ?? '/usr/lib/cni',
      hostNetns: process.env.PADDOCK_NETNS ?? null,
      netnsPrefix: process.env.PADDOCK_NETNS_PREFIX ?? 'paddock-',
    }),
    log,
  },
)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await agent.close(process.env.PADDOCK_TEARDOWN_ON_EXIT === 'true')
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
process.on('SIGUSR2', () => void agent.stopRouter().then(() => log('router stopped (SIGUSR2)')))
process.on('SIGUSR1', () => void agent.startRouter().then(() => log('router started (SIGUSR1)')))

agent.start().catch((err: unknown) => {
  log('agent stopped', { error: String(err) })
  process.exit(1)
})
