import { Link } from 'wouter'
import { API_BASE } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'

const TOKEN_PLACEHOLDER = '<registration-token>'

function origin(): string {
  return typeof window === 'undefined' ? '' : window.location.origin
}

/** The agent's `docker run` line in Rancher 1.x's shape (the real agent is issue #9). */
export function dockerRunCommand(token: string = TOKEN_PLACEHOLDER): string {
  return [
    'sudo docker run --rm --privileged \\',
    '  -v /var/run/docker.sock:/var/run/docker.sock \\',
    '  -e CATTLE_AGENT_IP=<this host\'s IP> \\',
    `  paddock/agent ${origin()}${API_BASE} ${token}`,
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

/** How a real host joins: the agent command (to come) and the agent API call it makes, with the token (or a placeholder). */
export function RegisterHostCommands({ envId, token }: { envId: string; token?: string }) {
  const docker = dockerRunCommand(token)
  const curl = registerCurlCommand(envId, token)
  return (
    <>
      <p className="small">
        On the host, with Docker installed, the agent will run as in Rancher 1.x (<code>CATTLE_AGENT_IP</code> is the address its
        peers reach it on, the tunnel endpoint):
      </p>
      <pre tabIndex={0} aria-label="Agent docker run command">
        <code>{docker}</code>
      </pre>
      <CopyButton text={docker} label="Copy the docker run command" />
      <p className="small">
        <strong>Paddock&apos;s real agent is not released yet (issue #9)</strong>: today only the lab&apos;s simulated hosts run one.
        The call it makes to register is plain HTTP, so a script of your own can register a host now:
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
