import { useId } from 'react'
import { useSearchParams } from 'wouter'
import type { CatalogTemplate, CatalogTemplateVersion, Question } from '../../../../core/api/index.ts'
import { FileView } from '../../../components/ui/file-view.tsx'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { pickVersion, questionConstraints, versionsNewestFirst } from '../utils/pick-version.ts'
// The answers form is small; the validator it runs is loaded on demand (use-catalog-validator.ts).
import { TryAnswers } from './try-answers.tsx'

export const VERSION_PARAM = 'version'

function DefaultValue({ question }: { question: Question }) {
  if (question.default === undefined) return <span className="muted">none</span>
  if (question.default === '') return <span className="muted">(empty)</span>
  return <code>{question.default}</code>
}

export function QuestionsTable({ version }: { version: CatalogTemplateVersion }) {
  if (version.questions.length === 0) return <p className="muted">This version asks no questions.</p>
  return (
    <div className="table-wrap">
      <table className="table" aria-label={`Questions of version ${version.version}`}>
        <thead>
          <tr>
            <th scope="col">Variable</th>
            <th scope="col">Label</th>
            <th scope="col">Type</th>
            <th scope="col">Default</th>
            <th scope="col">Required</th>
            <th scope="col">Min / max / options</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {version.questions.map((question) => (
            <tr key={question.variable}>
              <td>
                <code>{question.variable}</code>
              </td>
              <td>{question.label}</td>
              <td>
                <code>{question.type}</code>
              </td>
              <td className="nowrap">
                <DefaultValue question={question} />
              </td>
              <td>{question.required ? 'yes' : 'no'}</td>
              <td>{questionConstraints(question) ?? <span className="muted">—</span>}</td>
              <td className="small">{question.description ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function VersionPicker({ template, selected }: { template: CatalogTemplate; selected: string }) {
  const [, setSearchParams] = useSearchParams()
  const id = useId()
  return (
    <div className="field field-inline">
      <label htmlFor={id}>Version</label>
      <select
        id={id}
        value={selected}
        onChange={(e) => {
          const version = e.target.value
          // The choice lives in the URL (replacing the entry), so a reload or a shared link restores it.
          setSearchParams(
            (prev) => {
              const next = new URLSearchParams(prev)
              next.set(VERSION_PARAM, version)
              return next
            },
            { replace: true },
          )
        }}
      >
        {versionsNewestFirst(template).map((v) => (
          <option key={v.version} value={v.version}>
            {v.version === template.defaultVersion ? `${v.version} (default)` : v.version}
          </option>
        ))}
      </select>
    </div>
  )
}

/** A catalog template at one version: its questions and compose files. */
export function CatalogTemplateView({ template }: { template: CatalogTemplate }) {
  const [searchParams] = useSearchParams()
  const { version, unknownRequested } = pickVersion(template, searchParams.get(VERSION_PARAM))

  return (
    <>
      <section className="card" aria-labelledby="catalog-template-heading">
        <h2 id="catalog-template-heading">About</h2>
        {template.description ? <p>{template.description}</p> : <p className="muted">No description.</p>}
        <dl className="facts">
          <div>
            <dt>ID</dt>
            <dd>
              <code>{template.id}</code>
            </dd>
          </div>
          <div>
            <dt>Category</dt>
            <dd>{template.category}</dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd>{template.source === 'custom' ? 'custom (imported)' : 'built-in (ships with Paddock)'}</dd>
          </div>
          <div>
            <dt>Default version</dt>
            <dd>
              <code>{template.defaultVersion}</code>
            </dd>
          </div>
          <div>
            <dt>Versions</dt>
            <dd>{template.versions.length}</dd>
          </div>
        </dl>
      </section>

      {version === null ? (
        <p className="panel">This catalog template has no versions.</p>
      ) : (
        <section className="card" aria-labelledby="catalog-version-heading">
          <div className="card-header card-header-wrap">
            <h2 id="catalog-version-heading">Version {version.version}</h2>
            {version.version === template.defaultVersion && <Tag title="Picked when a template names no version">default</Tag>}
            <VersionPicker template={template} selected={version.version} />
          </div>
          {unknownRequested && (
            <p className="panel panel-warning" role="status">
              This template has no version <code>{unknownRequested}</code>; showing version {version.version} instead.
            </p>
          )}
          <dl className="facts">
            <div>
              <dt>Catalog folder</dt>
              <dd>{version.versionIndex}</dd>
            </div>
            <div>
              <dt>Minimum Rancher version</dt>
              <dd>{version.minimumRancherVersion ? <code>{version.minimumRancherVersion}</code> : <span className="muted">any</span>}</dd>
            </div>
            <div>
              <dt>Upgrades from</dt>
              <dd>{version.upgradeFrom ? <code>{version.upgradeFrom}</code> : <span className="muted">not stated</span>}</dd>
            </div>
          </dl>

          <h3>Questions</h3>
          <QuestionsTable version={version} />

          <TryAnswers key={version.version} version={version} />

          <h3>Compose files</h3>
          {version.files.length === 0 ? (
            <p className="muted">This version has no compose files.</p>
          ) : (
            version.files.map((file) => <FileView key={file.name} name={file.name} content={file.content} />)
          )}
        </section>
      )}
    </>
  )
}
