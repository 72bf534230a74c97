import { useQuery } from '@tanstack/react-query'
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { useLocation } from 'wouter'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { useHosts } from '../../hosts/api/hosts-queries.ts'
import { useNetworks } from '../../networks/api/networks-queries.ts'
import { containersQueryOptions, useCreateContainer } from '../api/containers-queries.ts'
import {
  buildLaunchRequest,
  CONTAINER_MODE,
  EMPTY_LAUNCH_FORM,
  fieldForCode,
  fieldForPath,
  type LaunchErrors,
  type LaunchField,
  type LaunchFormValues,
} from '../utils/launch-request.ts'

type FieldIds = { input: string; hint: string; error: string }

function useFieldIds(): FieldIds {
  const base = useId()
  return { input: `${base}-input`, hint: `${base}-hint`, error: `${base}-error` }
}

/** aria attributes tying a control to its hint and its errors. */
function described(ids: FieldIds, errors: string[] | undefined, hasHint: boolean) {
  const by = [hasHint ? ids.hint : null, errors?.length ? ids.error : null].filter(Boolean).join(' ')
  return { id: ids.input, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': by || undefined }
}

function FieldMessages({ ids, hint, errors }: { ids: FieldIds; hint?: ReactNode; errors?: string[] }) {
  return (
    <>
      {hint && (
        <p id={ids.hint} className="muted small">
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <ul id={ids.error} className="field-error">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </>
  )
}

/** The server's answer spread over the form: field errors at their field, the rest for the whole form. */
function serverErrors(error: unknown, values: LaunchFormValues): { fields: LaunchErrors; general: unknown; other: string[] } {
  if (!error) return { fields: {}, general: null, other: [] }
  if (!(error instanceof ApiError)) return { fields: {}, general: error, other: [] }
  const fields: LaunchErrors = {}
  const other: string[] = []
  for (const detail of error.fieldErrors) {
    const field = fieldForPath(detail.path, values)
    if (field) (fields[field] ??= []).push(detail.message)
    else other.push(detail.path ? `${detail.path}: ${detail.message}` : detail.message)
  }
  if (error.fieldErrors.length === 0) {
    const field = fieldForCode(error.code)
    if (field) fields[field] = [error.message]
  }
  const placed = Object.keys(fields).length > 0 || other.length > 0
  return { fields, general: placed ? null : error, other }
}

const DOCKER_MODES = [
  { value: 'host', label: "host — the host's network stack, no address of its own" },
  { value: 'bridge', label: 'bridge — Docker bridge docker0 only' },
  { value: 'none', label: 'none — loopback only' },
]

/** The fields in the order the form shows them. */
const FIELD_ORDER: LaunchField[] = ['name', 'image', 'networkMode', 'hostId', 'native', 'joinManaged', 'requestedIp', 'rancherDns', 'ports', 'labels']

type Props = { environmentId: string; onCancel: () => void; onLaunched: () => void }

/** Launching a container: the form, its syntax checks, and the server's answer at the field it concerns. */
export function LaunchContainerForm({ environmentId, onCancel, onLaunched }: Props) {
  const [, navigate] = useLocation()
  const hosts = useHosts(environmentId)
  const networks = useNetworks(environmentId)
  const [values, setValues] = useState<LaunchFormValues>(EMPTY_LAUNCH_FORM)
  const [attempted, setAttempted] = useState(false)
  const create = useCreateContainer(environmentId)
  const sharing = values.networkMode === CONTAINER_MODE
  // Every container of the environment can be thousands: fetch them only when they are a choice.
  const containers = useQuery({ ...containersQueryOptions(environmentId), enabled: sharing })

  const ids = {
    name: useFieldIds(),
    image: useFieldIds(),
    hostId: useFieldIds(),
    networkMode: useFieldIds(),
    networkContainer: useFieldIds(),
    native: useFieldIds(),
    joinManaged: useFieldIds(),
    requestedIp: useFieldIds(),
    rancherDns: useFieldIds(),
    labels: useFieldIds(),
    ports: useFieldIds(),
  }

  // Syntax errors show once a launch was tried, and go away as the operator fixes them.
  const clientErrors = useMemo(() => {
    if (!attempted) return {}
    const request = buildLaunchRequest(values)
    return request.ok ? {} : request.errors
  }, [attempted, values])
  const server = serverErrors(create.error, values)
  const errorsOf = (field: LaunchField) => clientErrors[field] ?? server.fields[field]

  const update = <K extends keyof LaunchFormValues>(key: K, value: LaunchFormValues[K]) => {
    if (create.error) create.reset()
    setValues((prev) => {
      const next = { ...prev, [key]: value }
      // A Docker CLI container has a Docker network mode; `docker run` defaults to bridge.
      if (key === 'native' && value === true && prev.networkMode === 'managed') next.networkMode = 'bridge'
      return next
    })
  }

  // After a refused launch, focus goes to the first field that says why (screen readers read its error with it).
  const focusFirst = (errors: LaunchErrors) => {
    const field = FIELD_ORDER.find((f) => errors[f]?.length)
    if (field) document.getElementById(ids[field].input)?.focus()
  }

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setAttempted(true)
    const request = buildLaunchRequest(values)
    if (!request.ok) {
      focusFirst(request.errors)
      return
    }
    create.mutate(request.body, {
      onSuccess: (container) => {
        onLaunched()
        navigate(paths.container.href(environmentId, container.id))
      },
      onError: (error) => focusFirst(serverErrors(error, values).fields),
    })
  }

  const defaultNetwork = networks.data?.find((n) => n.isDefault)
  const managedNetworks = (networks.data ?? []).filter((n) => n.kind === 'cni' && n.state !== 'removed')
  const shareable = (containers.data ?? []).filter((c) => c.state !== 'removed').sort((a, b) => a.name.localeCompare(b.name))
  const shared = sharing ? shareable.find((c) => c.name === values.networkContainer) : undefined
  const liveHosts = (hosts.data ?? []).filter((h) => h.state !== 'removed')

  return (
    <form onSubmit={handleSubmit} noValidate className="form">
      <div className="field">
        <label htmlFor={ids.name.input}>Name</label>
        <input
          {...described(ids.name, errorsOf('name'), false)}
          value={values.name}
          onChange={(e) => update('name', e.target.value)}
          required
          maxLength={63}
          autoComplete="off"
          spellCheck={false}
          autoFocus
        />
        <FieldMessages ids={ids.name} errors={errorsOf('name')} />
      </div>

      <div className="field">
        <label htmlFor={ids.image.input}>Image</label>
        <input
          {...described(ids.image, errorsOf('image'), false)}
          value={values.image}
          onChange={(e) => update('image', e.target.value)}
          required
          placeholder="nginx:1.27"
          autoComplete="off"
          spellCheck={false}
        />
        <FieldMessages ids={ids.image} errors={errorsOf('image')} />
      </div>

      <div className="field">
        <label htmlFor={ids.networkMode.input}>Network mode</label>
        <select {...described(ids.networkMode, errorsOf('networkMode'), true)} value={values.networkMode} onChange={(e) => update('networkMode', e.target.value)}>
          <option value="managed">managed — the default network{defaultNetwork ? ` (${defaultNetwork.name})` : ''}</option>
          {managedNetworks.map((n) => (
            <option key={n.id} value={n.name}>
              {n.name} — managed network by name
            </option>
          ))}
          {DOCKER_MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
          <option value={CONTAINER_MODE}>container:… — share another container&apos;s network namespace</option>
        </select>
        <FieldMessages
          ids={ids.networkMode}
          hint="Only managed and a managed network's name give the container a managed IP (from IPAM)."
          errors={errorsOf('networkMode')}
        />
      </div>

      {sharing && (
        <div className="field">
          <label htmlFor={ids.networkContainer.input}>Share the network of</label>
          <select
            {...described(ids.networkContainer, undefined, false)}
            value={values.networkContainer}
            onChange={(e) => update('networkContainer', e.target.value)}
          >
            <option value="">{containers.isPending ? 'Loading containers…' : 'Choose a container'}</option>
            {shareable.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
                {c.hostName ? ` (on ${c.hostName})` : ''}
              </option>
            ))}
          </select>
          {containers.isError && <ErrorPanel title="Could not load the containers" error={containers.error} onRetry={() => void containers.refetch()} />}
        </div>
      )}

      <div className="field">
        <label htmlFor={ids.hostId.input}>Host</label>
        {sharing ? (
          <select {...described(ids.hostId, errorsOf('hostId'), true)} disabled value="">
            <option value="">{shared ? `${shared.name}'s host${shared.hostName ? ` (${shared.hostName})` : ''}` : "The chosen container's host"}</option>
          </select>
        ) : (
          <select {...described(ids.hostId, errorsOf('hostId'), hosts.isError)} value={values.hostId} onChange={(e) => update('hostId', e.target.value)}>
            <option value="">Let the scheduler pick an active host</option>
            {hosts.isPending && <option disabled>Loading hosts…</option>}
            {liveHosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name} ({h.state})
              </option>
            ))}
          </select>
        )}
        <FieldMessages
          ids={ids.hostId}
          hint={
            sharing
              ? 'Containers sharing a network namespace run on the same host.'
              : hosts.isError
                ? `Could not load the hosts (${hosts.error.message}); the scheduler can still pick one.`
                : undefined
          }
          errors={errorsOf('hostId')}
        />
      </div>

      <div className="field field-check">
        <input
          {...described(ids.native, errorsOf('native'), true)}
          type="checkbox"
          checked={values.native}
          onChange={(e) => update('native', e.target.checked)}
        />
        <label htmlFor={ids.native.input}>Created from the Docker CLI (native)</label>
      </div>
      <FieldMessages
        ids={ids.native}
        hint={
          <>
            Like <code>docker run</code> on the host: the network mode is Docker&apos;s (bridge by default), and the container joins the
            managed network only with the label <code>io.rancher.container.network=true</code> (from bridge or none).
          </>
        }
        errors={errorsOf('native')}
      />

      {values.native && (
        <div className="field">
          <div className="field field-check">
            <input
              {...described(ids.joinManaged, errorsOf('joinManaged'), false)}
              type="checkbox"
              checked={values.joinManaged}
              onChange={(e) => update('joinManaged', e.target.checked)}
            />
            <label htmlFor={ids.joinManaged.input}>Join the managed network (io.rancher.container.network=true)</label>
          </div>
          <FieldMessages ids={ids.joinManaged} errors={errorsOf('joinManaged')} />
        </div>
      )}

      <div className="field">
        <label htmlFor={ids.requestedIp.input}>Requested IP</label>
        <input
          {...described(ids.requestedIp, errorsOf('requestedIp'), true)}
          value={values.requestedIp}
          onChange={(e) => update('requestedIp', e.target.value)}
          placeholder="10.42.0.50, 10.42.0.51"
          autoComplete="off"
          spellCheck={false}
        />
        <FieldMessages
          ids={ids.requestedIp}
          hint={
            <>
              Optional, a comma list: sets <code>io.rancher.container.requested_ip</code>. The first free one inside the subnet&apos;s range
              is used; if none is, IPAM takes the next free address.
            </>
          }
          errors={errorsOf('requestedIp')}
        />
      </div>

      <div className="field">
        <div className="field field-check">
          <input
            {...described(ids.rancherDns, errorsOf('rancherDns'), true)}
            type="checkbox"
            checked={values.rancherDns}
            onChange={(e) => update('rancherDns', e.target.checked)}
          />
          <label htmlFor={ids.rancherDns.input}>Rancher DNS</label>
        </div>
        <FieldMessages
          ids={ids.rancherDns}
          hint={
            <>
              The network&apos;s DNS servers and search domains are added. Unchecked: <code>io.rancher.container.dns=false</code>.
            </>
          }
          errors={errorsOf('rancherDns')}
        />
      </div>

      <div className="field">
        <label htmlFor={ids.ports.input}>Published ports</label>
        <input
          {...described(ids.ports, errorsOf('ports'), true)}
          value={values.ports}
          onChange={(e) => update('ports', e.target.value)}
          placeholder="8080:80/tcp, 53:53/udp, 127.0.0.1:9000:9000"
          autoComplete="off"
          spellCheck={false}
        />
        <FieldMessages
          ids={ids.ports}
          hint={
            <>
              <code>[bind IP:]host port:container port[/tcp|udp]</code>, separated by commas; a container port alone is not published.
            </>
          }
          errors={errorsOf('ports')}
        />
      </div>

      <div className="field">
        <label htmlFor={ids.labels.input}>Labels</label>
        <textarea
          {...described(ids.labels, errorsOf('labels'), true)}
          value={values.labels}
          onChange={(e) => update('labels', e.target.value)}
          rows={4}
          className="code-input"
          style={{ minHeight: '5rem' }}
          placeholder="io.rancher.container.dns.priority=service_last"
          spellCheck={false}
        />
        <FieldMessages ids={ids.labels} hint={<>One <code>key=value</code> per line; lines starting with # are skipped.</>} errors={errorsOf('labels')} />
      </div>

      {server.other.length > 0 && (
        <ul className="field-error" role="alert">
          {server.other.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {server.general !== null && <ErrorPanel title="Could not launch the container" error={server.general} />}

      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Launching…' : 'Launch'}
        </button>
      </div>
    </form>
  )
}
