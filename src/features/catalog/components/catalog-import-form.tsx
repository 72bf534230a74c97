import { useEffect, useId, useMemo, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import type { CatalogTemplate, ErrorDetail, ImportFile } from '../../../../core/api/index.ts'
import type { CatalogImportPlan } from '../../../../core/catalog/import.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { useImportCatalogTemplate } from '../api/catalog-mutations.ts'
import { useCatalog } from '../api/catalog-queries.ts'
import { useCatalogValidator, useDebouncedValue } from '../hooks/use-catalog-validator.ts'
import { diagnosticCounts, DiagnosticsList } from './diagnostics-list.tsx'

/** The check runs this long after the last keystroke. */
const CHECK_AFTER_MS = 300
/** The draft survives a reload of the page (not the tab): pasted files are not lost. */
const DRAFT_KEY = 'paddock.catalog-import.draft'

export type ImportDraft = { tpl: boolean; dockerCompose: string; rancherCompose: string; config: string; id: string }
const EMPTY_DRAFT: ImportDraft = { tpl: true, dockerCompose: '', rancherCompose: '', config: '', id: '' }

function readDraft(): ImportDraft {
  try {
    const raw = window.sessionStorage.getItem(DRAFT_KEY)
    if (raw === null) return EMPTY_DRAFT
    const parsed = JSON.parse(raw) as Partial<ImportDraft>
    return {
      tpl: typeof parsed.tpl === 'boolean' ? parsed.tpl : EMPTY_DRAFT.tpl,
      dockerCompose: typeof parsed.dockerCompose === 'string' ? parsed.dockerCompose : '',
      rancherCompose: typeof parsed.rancherCompose === 'string' ? parsed.rancherCompose : '',
      config: typeof parsed.config === 'string' ? parsed.config : '',
      id: typeof parsed.id === 'string' ? parsed.id : '',
    }
  } catch {
    return EMPTY_DRAFT
  }
}

function writeDraft(draft: ImportDraft | null) {
  try {
    if (draft === null) window.sessionStorage.removeItem(DRAFT_KEY)
    else window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft))
  } catch {
    // storage full or blocked: the draft just does not survive a reload
  }
}

/** The request body for a draft: the files that have text, named as the server expects. */
export function importBody(draft: ImportDraft): { files: ImportFile[]; id?: string } {
  const files: ImportFile[] = []
  if (draft.dockerCompose.trim() !== '') files.push({ name: draft.tpl ? 'docker-compose.yml.tpl' : 'docker-compose.yml', content: draft.dockerCompose })
  if (draft.rancherCompose.trim() !== '') files.push({ name: 'rancher-compose.yml', content: draft.rancherCompose })
  if (draft.config.trim() !== '') files.push({ name: 'config.yml', content: draft.config })
  const id = draft.id.trim()
  return id === '' ? { files } : { files, id }
}

/** `files.1.content` → "docker-compose.yml.tpl", so error details name the file, not its index. */
function detailWhere(detail: ErrorDetail, files: readonly ImportFile[]): string {
  const m = /^files\.(\d+)\.(content|name)$/.exec(detail.path)
  if (m) return files[Number(m[1])]?.name ?? detail.path
  return detail.path === '' ? 'request' : detail.path
}

type FileFieldProps = {
  label: string
  value: string
  onChange: (value: string) => void
  /** Called with the picked file's name, before its text is set. */
  onPick?: (fileName: string) => void
  hint: ReactNode
  children?: ReactNode
}

function FileField({ label, value, onChange, onPick, hint, children }: FileFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const [readError, setReadError] = useState<string | null>(null)
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    setReadError(null)
    file.text().then(
      (text) => {
        onPick?.(file.name)
        onChange(text)
      },
      (error: unknown) => setReadError(`${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`),
    )
  }
  return (
    <div className="field import-file">
      <label htmlFor={`${id}-text`}>{label}</label>
      <p id={hintId} className="muted small">
        {hint}
      </p>
      <div className="field-inline import-file-picker">
        <label htmlFor={`${id}-file`} className="small">{`Load ${label} from a file`}</label>
        <input id={`${id}-file`} type="file" accept=".yml,.yaml,.tpl,text/yaml,text/plain" onChange={pick} />
        {children}
      </div>
      {readError && (
        <p className="field-error" role="alert">
          {readError}
        </p>
      )}
      <textarea
        id={`${id}-text`}
        className="code-input"
        rows={14}
        wrap="off"
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-describedby={hintId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  )
}

/** What the import will do, from the check's plan and the catalog as the page knows it. */
function ImportSummary({ plan, catalog }: { plan: CatalogImportPlan | null; catalog: CatalogTemplate[] | undefined }) {
  if (plan === null) return null
  const existing = catalog?.find((t) => t.id === plan.id)
  let outcome: ReactNode
  if (existing?.source === 'builtin') {
    outcome = (
      <p className="panel panel-warning">
        <code>{plan.id}</code> is the id of a built-in catalog template: the import would be refused. Give another id.
      </p>
    )
  } else if (existing && existing.versions.some((v) => v.version === plan.version.version)) {
    outcome = (
      <p className="panel panel-warning">
        The custom template <Link href={paths.catalogTemplate.href(existing.id)}>{existing.name}</Link> already has version{' '}
        <code>{plan.version.version}</code>: the import would be refused. Change <code>.catalog.version</code> to add another version.
      </p>
    )
  } else if (existing) {
    outcome = (
      <p>
        Adds version <code>{plan.version.version}</code> to the custom template <Link href={paths.catalogTemplate.href(existing.id)}>{existing.name}</Link>{' '}
        and makes it the default version.
      </p>
    )
  } else {
    outcome = <p>Creates a new custom catalog template.</p>
  }
  return (
    <>
      {outcome}
      <dl className="facts">
        <div>
          <dt>ID</dt>
          <dd>
            <code>{plan.id}</code>
          </dd>
        </div>
        <div>
          <dt>Name</dt>
          <dd>{plan.name}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{plan.category}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            <code>{plan.version.version}</code>
          </dd>
        </div>
        <div>
          <dt>Questions</dt>
          <dd>{plan.version.questions.length}</dd>
        </div>
      </dl>
    </>
  )
}

/** The import check (core, loaded on demand) on the draft as it was CHECK_AFTER_MS ago. */
function useCheck(body: ReturnType<typeof importBody>) {
  const { validator, error } = useCatalogValidator()
  const settled = useDebouncedValue(body, CHECK_AFTER_MS)
  const check = useMemo(() => (validator === null || settled.files.length === 0 ? null : validator.checkCatalogImport(settled)), [validator, settled])
  return { check, loadError: error, loading: validator === null && error === null, stale: settled !== body }
}

/**
 * The import screen's form: docker-compose.yml(.tpl), rancher-compose.yml and config.yml, each
 * pasted or loaded from a file, checked live with the same core code the server runs; "Import"
 * posts them and opens the new catalog template.
 */
export function CatalogImportForm() {
  const [, navigate] = useLocation()
  const catalog = useCatalog()
  const importTemplate = useImportCatalogTemplate()
  const [draft, setDraft] = useState<ImportDraft>(readDraft)
  const [sent, setSent] = useState<ImportFile[]>([])
  const idId = useId()
  const tplId = useId()
  const problemsHeading = useId()

  useEffect(() => writeDraft(draft), [draft])
  const update = (patch: Partial<ImportDraft>) => setDraft((d) => ({ ...d, ...patch }))

  const body = useMemo(() => importBody(draft), [draft])
  const { check, loadError, loading, stale } = useCheck(body)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSent(body.files)
    importTemplate.mutate(body, {
      onSuccess: (template) => {
        writeDraft(null)
        navigate(paths.catalogTemplate.href(template.id))
      },
    })
  }

  const error = importTemplate.error
  const details = error instanceof ApiError ? error.fieldErrors : []
  const derivedId = check?.plan?.id ?? ''

  return (
    <form className="import-form" onSubmit={submit} noValidate aria-label="Import catalog template">
      <div className="import-files">
        <FileField
          label="docker-compose.yml(.tpl)"
          value={draft.dockerCompose}
          onChange={(dockerCompose) => update({ dockerCompose })}
          onPick={(name) => update({ tpl: name.endsWith('.tpl') })}
          hint={
            <>
              The services, one of them with the <code>network_driver</code> block. Sent as <code>{draft.tpl ? 'docker-compose.yml.tpl' : 'docker-compose.yml'}</code>.
            </>
          }
        >
          <div className="field-check">
            <input id={tplId} type="checkbox" checked={draft.tpl} onChange={(e) => update({ tpl: e.target.checked })} />
            <label htmlFor={tplId}>
              Go template (<code>.tpl</code>)
            </label>
          </div>
        </FileField>
        <FileField
          label="rancher-compose.yml"
          value={draft.rancherCompose}
          onChange={(rancherCompose) => update({ rancherCompose })}
          hint={
            <>
              Required: its <code>.catalog</code> block gives the version and the questions.
            </>
          }
        />
        <FileField
          label="config.yml"
          value={draft.config}
          onChange={(config) => update({ config })}
          hint={
            <>
              Optional: the template&apos;s <code>name</code>, <code>description</code> and <code>category</code>.
            </>
          }
        />
      </div>

      <div className="field import-id">
        <label htmlFor={idId}>ID (optional)</label>
        <input
          id={idId}
          value={draft.id}
          onChange={(e) => update({ id: e.target.value })}
          placeholder={derivedId}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${idId}-hint`}
        />
        <p id={`${idId}-hint`} className="muted small">
          A lower-case slug. Left empty, it is made from the name{derivedId ? <> (<code>{derivedId}</code>)</> : null}. Importing into the id of an imported
          template adds a version to it.
        </p>
      </div>

      <section className="card" aria-labelledby={problemsHeading}>
        <div className="card-header">
          <h2 id={problemsHeading}>Check</h2>
          {check && (
            <span className="muted" aria-live="polite">
              {stale ? 'Checking…' : `${check.blockers.length > 0 ? `${check.blockers.length} missing or wrong, ` : ''}${diagnosticCounts(check.diagnostics)}`}
            </span>
          )}
        </div>
        {loadError ? (
          <ErrorPanel title="Could not load the validator" error={loadError} onRetry={() => window.location.reload()} />
        ) : body.files.length === 0 ? (
          <p className="muted">Paste the files or load them from disk: they are checked as you type, with the question defaults as answers.</p>
        ) : loading || check === null ? (
          <Loading label="Loading the validator…" />
        ) : (
          <>
            <ImportSummary plan={check.plan} catalog={catalog.data} />
            {check.blockers.length > 0 && (
              <ul className="field-error import-blockers" aria-label="Missing or wrong">
                {check.blockers.map((d) => (
                  <li key={`${d.path}:${d.message}`}>
                    <code>{detailWhere(d, body.files)}</code> {d.message}
                  </li>
                ))}
              </ul>
            )}
            <h3>Problems</h3>
            <DiagnosticsList diagnostics={check.diagnostics} label="Problems" />
          </>
        )}
      </section>

      {error && (
        <div>
          <ErrorPanel title="The import was refused" error={error} />
          {details.length > 0 && (
            <ul className="field-error import-details" aria-label="Why">
              {details.map((d) => (
                <li key={`${d.path}:${d.message}`}>
                  <code>{detailWhere(d, sent)}</code> {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="form-actions">
        <Link href={paths.catalog.href()} className="button">
          Cancel
        </Link>
        <button type="submit" className="button button-primary" disabled={importTemplate.isPending || body.files.length === 0}>
          {importTemplate.isPending ? 'Importing…' : 'Import'}
        </button>
        <button type="button" className="button" onClick={() => setDraft(EMPTY_DRAFT)} disabled={importTemplate.isPending}>
          Clear
        </button>
      </div>
    </form>
  )
}
