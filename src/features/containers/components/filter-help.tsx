import { parseFilter } from '../utils/filter-grammar.ts'

const EXAMPLE = 'host:lab-1 mode:managed -state:running ip:10.42.'

const KEYS: [key: string, meaning: string][] = [
  ['host:lab-1', 'host name contains the text'],
  ['mode:managed', 'network mode, exact or its start: mode:container finds every container:<name>'],
  [
    'ip:10.42.3.',
    'either IP starts with the text: ip:10.42.3. finds 10.42.3.x only, ip:10.42.3 also 10.42.30.x, ip:10.42.3.1 also 10.42.3.15; or a block, ip:10.42.0.0/24',
  ],
  ['state:running', 'creating, running, stopped, error or removed'],
  ['name:web', 'the name contains the text; name:"my app" for spaces'],
  ['image:nginx', 'the image contains the text'],
  ['stack:ipsec', 'the stack name contains the text'],
  ['network:ipsec', 'the network the mode resolved to contains the text'],
  ['label:io.rancher.container.network=true', 'has that label with that value; label:<key> for any value'],
  ['problem:any', 'has an address problem; or a problem code such as problem:address-differs; problem:none'],
  ['native:true', 'created with the Docker CLI (native:false: by Paddock)'],
]

const KEY_LIST = { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.2rem 1rem', margin: '0.4rem 0 0' } as const

/**
 * What the containers filter understands, under its input: a one-line summary with an example
 * (the input's description), the full list on demand, and a note when a key means nothing.
 */
export function FilterHelp({ text, helpId, hintId }: { text: string; helpId: string; hintId: string }) {
  const unknown = parseFilter(text).unknownKeys
  return (
    <div className="small" style={{ margin: '-0.25rem 0 0.75rem' }}>
      <p id={hintId} aria-live="polite" style={{ margin: 0 }}>
        {unknown.length > 0 &&
          `Unknown filter key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `${k}:`).join(', ')}, searched as plain text`}
      </p>
      <p id={helpId} className="muted" style={{ margin: 0 }}>
        Every term must match. Words search name, IPs, host, network mode and image; <code>key:value</code> narrows one field; a
        leading <code>-</code> excludes. For example{' '}
        <code>{EXAMPLE}</code>
      </p>
      <details>
        <summary className="muted">Filter keys</summary>
        <dl style={KEY_LIST}>
          {KEYS.map(([example, meaning]) => (
            <div key={example} style={{ display: 'contents' }}>
              <dt>
                <code>{example}</code>
              </dt>
              <dd style={{ margin: 0 }}>{meaning}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  )
}
