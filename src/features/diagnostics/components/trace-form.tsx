import { useId, useState, type FormEvent } from 'react'
import type { Container } from '../../../../core/api/index.ts'
import { isIpv4 } from '../../../../core/net/ipv4.ts'

/** What the form hands back, as the URL keeps it: `to` a container id or an IPv4 address, `port` '' when none. */
export type TraceValues = { from: string; to: string; port: string }

type Destination = 'container' | 'ip'

/** Running containers, application ones first — plus whatever is already chosen, so a stopped one still shows. */
function choices(containers: readonly Container[], keep: readonly string[]): Container[] {
  return containers
    .filter((c) => c.state === 'running' || keep.includes(c.id))
    .sort((a, b) => Number(a.system) - Number(b.system) || a.name.localeCompare(b.name))
}

function validPort(text: string): boolean {
  return text === '' || (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535)
}

/**
 * "Why can't A reach B?": A is a running container; B is a container or an IP address (a
 * service outside the managed network, another host), each with an optional port.
 */
export function TraceForm({
  containers,
  initial,
  onTrace,
}: {
  containers: readonly Container[]
  initial: TraceValues
  onTrace: (v: TraceValues) => void
}) {
  const initialDestination: Destination = initial.to !== '' && isIpv4(initial.to) ? 'ip' : 'container'
  const [from, setFrom] = useState(initial.from)
  const [destination, setDestination] = useState<Destination>(initialDestination)
  const [toContainer, setToContainer] = useState(initialDestination === 'container' ? initial.to : '')
  const [toIp, setToIp] = useState(initialDestination === 'ip' ? initial.to : '')
  const [port, setPort] = useState(initial.port)
  const [error, setError] = useState<string | null>(null)
  const ids = { from: useId(), to: useId(), ip: useId(), port: useId(), error: useId(), kind: useId() }

  const options = (list: Container[]) =>
    list.map((c) => (
      <option key={c.id} value={c.id}>
        {c.name}
        {c.managedIp ? ` (${c.managedIp})` : ''}
        {c.system ? ' · infrastructure' : ''}
        {c.state !== 'running' ? ` · ${c.state}` : ''}
      </option>
    ))

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const to = destination === 'ip' ? toIp.trim() : toContainer
    if (!from) return setError('Choose container A.')
    if (destination === 'container' && !to) return setError('Choose container B.')
    if (destination === 'ip' && !isIpv4(to)) return setError('The IP address is an IPv4 address such as 10.42.0.9.')
    if (!validPort(port.trim())) return setError('The port is a number from 1 to 65535.')
    setError(null)
    onTrace({ from, to, port: port.trim() })
  }

  return (
    <form
      className="form trace-form"
      // One row that wraps (what .trace-form lays out), not .form's column.
      style={{ flexDirection: 'row', maxWidth: 'none' }}
      onSubmit={submit}
      noValidate
      aria-describedby={error ? ids.error : undefined}
    >
      <div className="field">
        <label htmlFor={ids.from}>From container (A)</label>
        <select id={ids.from} value={from} onChange={(e) => setFrom(e.target.value)}>
          <option value="">Choose…</option>
          {options(choices(containers, [from]))}
        </select>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="strong">To (B)</legend>
        <div className="inline-list">
          <label>
            <input type="radio" name={ids.kind} checked={destination === 'container'} onChange={() => setDestination('container')} /> a
            container
          </label>
          <label>
            <input type="radio" name={ids.kind} checked={destination === 'ip'} onChange={() => setDestination('ip')} /> an IP address
          </label>
        </div>
      </fieldset>
      {destination === 'container' ? (
        <div className="field">
          <label htmlFor={ids.to}>To container (B)</label>
          <select id={ids.to} value={toContainer} onChange={(e) => setToContainer(e.target.value)}>
            <option value="">Choose…</option>
            {options(choices(containers, [toContainer]))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={ids.ip}>To IP address (B)</label>
          <input id={ids.ip} inputMode="decimal" placeholder="10.42.0.9" value={toIp} onChange={(e) => setToIp(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.port}>Port (optional)</label>
        <input id={ids.port} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
      </div>
      {error && (
        <p id={ids.error} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Trace
        </button>
      </div>
    </form>
  )
}
