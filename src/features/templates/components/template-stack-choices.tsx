import { useId, useState } from 'react'
import type { CatalogTemplate, TemplateStack } from '../../../../core/api/index.ts'
import { TEMPLATE_CATEGORIES, type TemplateCategory } from '../../../../core/templates/rules.ts'
import { catalogOfCategory, networkDriversOf, shortName, stackLabel } from '../utils/categories.ts'
import type { TemplateErrors } from '../utils/template-errors.ts'
import { chooseDriver, isRequiredNetworkServices, replaceStack, setChosen, type TemplateDraft } from '../utils/template-draft.ts'
import { StackSettings } from './stack-settings.tsx'

type Props = {
  draft: TemplateDraft
  catalog: CatalogTemplate[]
  /** Live and server messages, by stack name. */
  errors: TemplateErrors
  /** What is wrong with the choice of stacks as a whole (two drivers; a driver without Network Services), live or from the server. */
  networkingErrors: string[]
  onChange: (draft: TemplateDraft) => void
  /** Keeps the compose editors' Monaco models of this page apart from others. */
  editorKey: string
}

const ONE_DRIVER = 'One network driver per environment: choosing VXLAN replaces IPsec (two drivers at once broke Rancher 1.6 environments).'
const NETWORK_SERVICES_REQUIRED = 'Required while a network driver is chosen: the driver needs its metadata, DNS and network manager.'

function Messages({ messages, alert = false }: { messages: string[]; alert?: boolean }) {
  if (messages.length === 0) return null
  return (
    <ul className="field-error" role={alert ? 'alert' : undefined}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  )
}

/**
 * The categories of Rancher's environment template editor, in TEMPLATE_CATEGORIES order:
 * Networking a single choice (each driver, or none), the others optional checkboxes. Each
 * chosen stack shows its settings under its choice.
 */
export function TemplateStackChoices({ draft, catalog, errors, networkingErrors, onChange, editorKey }: Props) {
  const ids = useId()
  const [driverStatus, setDriverStatus] = useState('')
  const drivers = networkDriversOf(draft.stacks, catalog)

  const pickDriver = (driver: CatalogTemplate | null) => {
    const choice = chooseDriver(draft, driver, catalog)
    const name = driver ? shortName(driver) : 'No network driver'
    const replaced = choice.replaced.map((s) => stackLabel(s, catalog))
    const parts: string[] = []
    if (replaced.length > 0) parts.push(`${name} replaces ${replaced.join(' and ')}: an environment takes one network driver.`)
    if (choice.addedNetworkServices) parts.push(`${choice.addedNetworkServices.name} was added: a network driver needs it.`)
    if (!driver) parts.push('Containers in network mode managed will have no network to join.')
    setDriverStatus(parts.join(' '))
    onChange(choice.draft)
  }

  const settingsOf = (stack: TemplateStack, template: CatalogTemplate, answersOpen: boolean) => (
    <StackSettings
      stack={stack}
      catalogTemplate={template}
      errors={errors.byStack[stack.name] ?? {}}
      onChange={(next) => onChange(replaceStack(draft, stack.name, next))}
      editorKey={`${editorKey}-${stack.name}`}
      answersOpen={answersOpen}
    />
  )

  const networking = () => {
    const entries = catalogOfCategory(catalog, 'Networking')
    const single = drivers.length === 1 ? drivers[0] : null
    return (
      <>
        <p className="muted small" id={`${ids}-one-driver`}>
          {ONE_DRIVER}
        </p>
        <Messages messages={networkingErrors} alert />
        <div role="radiogroup" aria-labelledby={`${ids}-Networking`} aria-describedby={`${ids}-one-driver`} className="choice-list">
          {entries.map((t) => {
            const checked = single?.catalogTemplateId === t.id
            const descriptionId = `${ids}-desc-${t.id}`
            return (
              <div key={t.id} className="choice">
                <div className="field-check">
                  <input
                    type="radio"
                    id={`${ids}-radio-${t.id}`}
                    name={`${ids}-driver`}
                    checked={checked}
                    onChange={() => pickDriver(t)}
                    aria-describedby={descriptionId}
                  />
                  <label htmlFor={`${ids}-radio-${t.id}`}>{shortName(t)}</label>
                  {t.source === 'custom' && <span className="muted small">imported</span>}
                </div>
                <p id={descriptionId} className="muted small">
                  {t.description}
                </p>
                {checked && single && settingsOf(single, t, true)}
              </div>
            )
          })}
          <div className="choice">
            <div className="field-check">
              <input
                type="radio"
                id={`${ids}-radio-none`}
                name={`${ids}-driver`}
                checked={drivers.length === 0}
                onChange={() => pickDriver(null)}
                aria-describedby={`${ids}-desc-none`}
              />
              <label htmlFor={`${ids}-radio-none`}>None</label>
            </div>
            <p id={`${ids}-desc-none`} className="muted small">
              No overlay network: containers can use network modes host, bridge and none only; managed fails with no network to join.
            </p>
          </div>
        </div>
        <p role="status" className="small">
          {driverStatus}
        </p>
      </>
    )
  }

  const optional = (category: TemplateCategory) => {
    const entries = catalogOfCategory(catalog, category.category)
    if (entries.length === 0) {
      return (
        <p className="muted small">
          {category.category === 'Other'
            ? 'Catalog templates imported with another category appear here.'
            : 'The catalog has no template in this category.'}
        </p>
      )
    }
    return (
      <div className="choice-list">
        {entries.map((t) => {
          const stack = draft.stacks.find((s) => s.catalogTemplateId === t.id)
          const required = stack !== undefined && isRequiredNetworkServices(draft, stack, catalog)
          const descriptionId = `${ids}-desc-${t.id}`
          const reasonId = `${ids}-reason-${t.id}`
          return (
            <div key={t.id} className="choice">
              <div className="field-check">
                <input
                  type="checkbox"
                  id={`${ids}-check-${t.id}`}
                  checked={stack !== undefined}
                  disabled={required}
                  onChange={(e) => onChange(setChosen(draft, t, e.target.checked))}
                  aria-describedby={required ? `${reasonId} ${descriptionId}` : descriptionId}
                />
                <label htmlFor={`${ids}-check-${t.id}`}>{shortName(t)}</label>
                {t.source === 'custom' && <span className="muted small">imported</span>}
              </div>
              {required && (
                <p id={reasonId} className="small strong">
                  {NETWORK_SERVICES_REQUIRED}
                </p>
              )}
              <p id={descriptionId} className="muted small">
                {t.description}
              </p>
              {stack && settingsOf(stack, t, false)}
            </div>
          )
        })}
      </div>
    )
  }

  // Stacks whose catalog template the catalog does not have: they can only be removed.
  const unknown = catalog.length > 0 ? draft.stacks.filter((s) => !catalog.some((t) => t.id === s.catalogTemplateId)) : []

  return (
    <>
      {TEMPLATE_CATEGORIES.map((category) => (
        <fieldset key={category.category} className="category" aria-describedby={`${ids}-explain-${category.category}`}>
          <legend id={`${ids}-${category.category}`} className="strong">
            {category.category}
            {!category.single && <span className="muted small"> (optional)</span>}
          </legend>
          <p id={`${ids}-explain-${category.category}`} className="muted">
            {category.explanation}
          </p>
          {category.single ? networking() : optional(category)}
        </fieldset>
      ))}
      {unknown.length > 0 && (
        <section className="panel panel-warning" aria-label="Stacks missing from the catalog">
          <p className="panel-title">Stacks whose catalog template is not in the catalog</p>
          <ul className="plain-list">
            {unknown.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code> ({s.catalogTemplateId}){' '}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => onChange({ ...draft, stacks: draft.stacks.filter((x) => x !== s) })}
                >
                  Remove {s.name}
                </button>
                <Messages messages={Object.values(errors.byStack[s.name] ?? {}).flat()} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
