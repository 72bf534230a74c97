import { describe, expect, it } from 'vitest'
import { parseFilter, tokenize } from './filter-grammar.ts'

describe('tokenize', () => {
  it('splits on any whitespace and keeps quoted spaces', () => {
    expect(tokenize('  host:lab-1\tweb   -mode:host ')).toEqual(['host:lab-1', 'web', '-mode:host'])
    expect(tokenize('name:"my app" db')).toEqual(['name:"my app"', 'db'])
    expect(tokenize('"unclosed quote runs on')).toEqual(['"unclosed quote runs on'])
    expect(tokenize('   ')).toEqual([])
  })
})

describe('parseFilter', () => {
  it('reads key:value terms, lower-cased, with negation', () => {
    expect(parseFilter('HOST:Lab-1 -mode:host ip:10.42.3.').terms).toEqual([
      { kind: 'key', key: 'host', value: 'lab-1', negate: false },
      { kind: 'key', key: 'mode', value: 'host', negate: true },
      { kind: 'key', key: 'ip', value: '10.42.3.', negate: false },
    ])
  })

  it('reads every documented key', () => {
    const keys = ['host', 'mode', 'ip', 'state', 'name', 'image', 'stack', 'network', 'label', 'problem', 'native']
    const { terms, unknownKeys } = parseFilter(keys.map((k) => `${k}:x`).join(' '))
    expect(terms.map((t) => (t.kind === 'key' ? t.key : null))).toEqual(keys)
    expect(unknownKeys).toEqual([])
  })

  it('treats bare words as free text, negated with a leading dash', () => {
    expect(parseFilter('web -db').terms).toEqual([
      { kind: 'text', value: 'web', negate: false },
      { kind: 'text', value: 'db', negate: true },
    ])
  })

  it('keeps the rest of a value after the first colon (label values, container modes)', () => {
    expect(parseFilter('mode:container:web-1 label:io.rancher.container.network=true').terms).toEqual([
      { kind: 'key', key: 'mode', value: 'container:web-1', negate: false },
      { kind: 'key', key: 'label', value: 'io.rancher.container.network=true', negate: false },
    ])
  })

  it('unquotes values, and a quoted dash or key is literal text', () => {
    expect(parseFilter('name:"My App" -"old one" "-web" "host:x"').terms).toEqual([
      { kind: 'key', key: 'name', value: 'my app', negate: false },
      { kind: 'text', value: 'old one', negate: true },
      { kind: 'text', value: '-web', negate: false },
      { kind: 'text', value: 'host:x', negate: false },
    ])
  })

  it('drops terms with nothing to match yet (a lone dash, a key being typed)', () => {
    expect(parseFilter('- host: -ip: name:""').terms).toEqual([])
  })

  it('searches an unknown key as text and names it, once', () => {
    const parsed = parseFilter('hots:lab-1 -hots:lab-2 colour:red')
    expect(parsed.terms).toEqual([
      { kind: 'text', value: 'hots:lab-1', negate: false },
      { kind: 'text', value: 'hots:lab-2', negate: true },
      { kind: 'text', value: 'colour:red', negate: false },
    ])
    expect(parsed.unknownKeys).toEqual(['hots', 'colour'])
  })

  it('does not call a pasted container:<name> mode, an IPv6 address or a time an unknown key', () => {
    expect(parseFilter('container:web-1 fe80::1 12:30').unknownKeys).toEqual([])
  })
})
