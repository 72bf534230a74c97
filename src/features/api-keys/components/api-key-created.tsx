import type { ApiKeyCreated } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { API_BASE } from '../../../../core/api/index.ts'

/** The new key's access key and secret, shown this once, with a `curl` example that uses them. */
export function ApiKeyCreatedPanel({ apiKey, onDone }: { apiKey: ApiKeyCreated; onDone: () => void }) {
  const origin = typeof window === 'undefined' ? '' : window.location.origin
  const curl = `curl -u ${apiKey.accessKey}:${apiKey.secret} ${origin}${API_BASE}/environments`
  return (
    <div className="panel panel-warning" role="status" aria-labelledby="api-key-created-heading">
      <p id="api-key-created-heading" className="panel-title">
        API key “{apiKey.name}” created
      </p>
      <p>
        <strong>Copy the secret now: it is not shown again.</strong> Paddock keeps only its hash; if it is lost, revoke the key and
        create another.
      </p>
      <dl className="facts">
        <div>
          <dt>Access key</dt>
          <dd>
            <code data-testid="api-key-access-key">{apiKey.accessKey}</code> <CopyButton text={apiKey.accessKey} label="Copy the access key" />
          </dd>
        </div>
        <div>
          <dt>Secret</dt>
          <dd>
            <code data-testid="api-key-secret">{apiKey.secret}</code> <CopyButton text={apiKey.secret} label="Copy the secret" />
          </dd>
        </div>
      </dl>
      <p className="small">Use them as HTTP Basic credentials, as Rancher&apos;s API keys:</p>
      <pre tabIndex={0} aria-label="curl example">
        <code>{curl}</code>
      </pre>
      <CopyButton text={curl} label="Copy the curl example" />
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I have copied the secret
        </button>
      </div>
    </div>
  )
}
