import { Link } from 'wouter'
import { API_BASE } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'

const TOKEN_PLACEHOLDER = '<registration-token>'

function origin(): string {
  return typeof window === 'undefined' ? '' : window.location.origin
}

/**
 * The real agent's command line (agent/main.ts): run as root in a checkout of Paddock on the
 * host, with the packages the README's "Real lab" section lists. `CATTLE_AGENT_IP` is the
 * address its peers reach it on, as in Rancher 1.x.
 */
export function agentCommand(envId: string, token: string = TOKEN_PLACEHOLDER): string {
  return [
    `sudo env PADDOCK_URL=${origin()} \\`,
    `  PADDOCK_ENVIRONMENT=${envId} \\`,
    `  PADDOCK_REGISTRATION_TOKEN=${token} \\`,
    "  PADDOCK_HOST_NAME=<host name> CATTLE_AGENT_IP=<this host's IP> \\",
    '  node --import tsx agent/main.ts',
  ].join('\n')
}

/** The one call an agent makes to join the environment with its registration token. */
export function registerCurlCommand(envId: string, token: string = TOKEN_PLACEHOLDER): string {
  const body = JSON.stringify({ environmentId: envId, name: '<host name>', agentIp: '<this host\'s IP>' })
  return [
    `curl -X POST ${origin()}${API_BASE}/agent/register \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    "  -H 'Content-Type: application/json' \\",
    `  -d '${body}'`,
  ].join('\n')
}

/** How a real host joins: the agent command and the agent API call it makes, with the token (or a placeholder). */
export function RegisterHostCommands({ envId, token }: { envId: string; token?: string }) {
  const agent = agentCommand(envId, token)
  const curl = registerCurlCommand(envId, token)
  return (
    <>
      <p className="small">
        On the host, as root in a checkout of Paddock (Node 20; <code>iproute2</code>, <code>nftables</code>,{' '}
        <code>containernetworking-plugins</code> and, for IPsec, <code>strongswan-charon strongswan-swanctl libcharon-extra-plugins</code>),
        run the agent. <code>CATTLE_AGENT_IP</code> is the address its peers reach it on, the tunnel endpoint. It changes the host&apos;s
        networking: <code>docker0</code> gets the network&apos;s gateway and this host&apos;s router address.
      </p>
      <pre tabIndex={0} aria-label="Agent command">
        <code>{agent}</code>
      </pre>
      <CopyButton text={agent} label="Copy the agent command" />
      <p className="small">
        To try it without a spare machine, <code>npm run lab</code> runs real agents in network namespaces (README, &quot;Real lab&quot;). The
        call the agent makes to register is plain HTTP, so a script of your own can register a host too:
      </p>
      <pre tabIndex={0} aria-label="Agent registration call">
        <code>{curl}</code>
      </pre>
      <CopyButton text={curl} label="Copy the registration call" />
      <p className="muted small">
        It answers a per-host token that the host uses for its heartbeats and reports (see <code>docs/agent-api.md</code>).
      </p>
    </>
  )
}

/** The Hosts page's "Add a real host": where the token comes from and the commands that use it. */
export function AddRealHostPanel({ envId, settingsHref }: { envId: string; settingsHref: string }) {
  return (
    <details className="card">
      <summary>
        <strong>Add a real host</strong>
      </summary>
      <p className="small">
        A host joins with the environment&apos;s <strong>registration token</strong>. An owner rotates it on the{' '}
        <Link href={settingsHref}>Settings page</Link>, which shows the new token once; put it where{' '}
        <code>{TOKEN_PLACEHOLDER}</code> stands.
      </p>
      <RegisterHostCommands envId={envId} />
    </details>
  )
}
