// (The reference is for node:fs below: this folder is also type-checked by the browser
// project, whose tsconfig does not load Node's types.)
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { renderCompose } from './render.ts'

const A = { NET: '192.0.2.0/24', MTU: '1500', EMPTY: '', FLAG: 'true', OFF: 'false' }

describe('interpolation: the three placeholder forms', () => {
  it.each([
    ['$NET', '192.0.2.0/24', []],
    ['${NET}', '192.0.2.0/24', []],
    ['${NET:-198.51.100.0/24}', '192.0.2.0/24', []],
    ['${NOPE:-198.51.100.0/24}', '198.51.100.0/24', []],
    ['${EMPTY:-203.0.113.0/24}', '203.0.113.0/24', []], // '' counts as not set
    ['${EMPTY-x}', 'x', []],
    ['${NOPE:-}', '', []],
    ['${NOPE:-a b:c}', 'a b:c', []],
    ['mtu: ${MTU}', 'mtu: 1500', []],
    ['$MTU-x', '1500-x', []], // a name stops at the first non-name character
    ['$MTUx', '', ['MTUx']],
    ['${MTU}x', '1500x', []],
    ['$NOPE', '', ['NOPE']],
    ['${NOPE}', '', ['NOPE']],
    ['$EMPTY', '', ['EMPTY']],
    ['$$', '$', []],
    ['$$NET', '$NET', []], // escaped, not interpolated
    ['$${NET}', '${NET}', []],
    ['a$$$NET', 'a$192.0.2.0/24', []],
    ['no placeholders', 'no placeholders', []],
    ['', '', []],
  ])('%j → %j', (input, text, missing) => {
    const r = renderCompose(input, A)
    expect(r.errors).toEqual([])
    expect(r.text).toBe(text)
    expect(r.missing).toEqual(missing)
  })

  it('lists missing answers once, in the order they first appear', () => {
    const r = renderCompose('a: $B\nb: ${A}\nc: $B\nd: ${C:-x}\ne: $EMPTY\nf: $A', { EMPTY: '' })
    expect(r.missing).toEqual(['B', 'A', 'EMPTY'])
    expect(r.text).toBe('a: \nb: \nc: \nd: x\ne: \nf: ')
  })

  it('does not interpolate full-line YAML comments (Rancher interpolates parsed values only)', () => {
    const r = renderCompose('# uses $SECRET and costs $5\n  # ${ALSO}\nkey: $NET # trailing $MTU\n', A)
    expect(r.errors).toEqual([])
    expect(r.missing).toEqual([])
    expect(r.text).toBe('# uses $SECRET and costs $5\n  # ${ALSO}\nkey: 192.0.2.0/24 # trailing 1500\n')
  })

  it('does not re-interpolate answer values', () => {
    expect(renderCompose('$A', { A: '$B' }).text).toBe('$B')
  })

  it.each([
    ['x: $', 1, 4, 'x: $'],
    ['x: $ 5', 1, 4, 'x: $ 5'],
    ['x: $1', 1, 4, 'x: $1'],
    ['a\nx: ${NET', 2, 4, 'a\nx: ${NET'],
    ['x: ${}', 1, 4, 'x: ${}'],
    ['x: ${1A}', 1, 4, 'x: ${1A}'],
    ['x: ${A B}', 1, 4, 'x: ${A B}'],
    ['x: ${NET:+alt}', 1, 4, 'x: ${NET:+alt}'],
  ])('reports %j at %d:%d and leaves it as is', (input, line, column, text) => {
    const r = renderCompose(input, A)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ line, column })
    expect(r.text).toBe(text)
  })

  it('${VAR:?message} reports the variable when it is not set', () => {
    const r = renderCompose('a: ${NET:?needed}\nb: ${NOPE:?set NOPE first}\nc: ${EMPTY?}', A)
    expect(r.text).toBe('a: 192.0.2.0/24\nb: \nc: ')
    expect(r.errors).toEqual([
      { message: 'NOPE: set NOPE first', line: 2, column: 4, start: 21, end: 44, variable: 'NOPE' },
      { message: 'EMPTY is required', line: 3, column: 4, start: 48, end: 57, variable: 'EMPTY' },
    ])
    expect(r.missing).toEqual(['NOPE', 'EMPTY'])
  })

  it('leaves Go-template syntax alone unless asked (but still interpolates $names in it)', () => {
    const r = renderCompose('a: {{ .Values.NET }}', A)
    expect(r.text).toBe('a: {{ .Values.NET }}')
    expect(r.errors).toEqual([])
  })
})

describe('Go templates: values, variables, conditions', () => {
  const go = (text: string, answers: Record<string, string> = A) => renderCompose(text, answers, { goTemplate: true })

  it.each([
    ['{{ .Values.NET }}', '192.0.2.0/24'],
    ['{{.Values.NET}}', '192.0.2.0/24'],
    ['{{   .Values.NET   }}', '192.0.2.0/24'],
    ['/{{ .Values.MTU }}', '/1500'],
    ['{{- $img:="rancher/net:v0.13.17" }}{{$img}}', 'rancher/net:v0.13.17'],
    ['{{ $img := `raw\\n` }}{{ $img }}', 'raw\\n'],
    ['{{ $a := "x" }}{{ $a = "y" }}{{ $a }}', 'y'],
    ['{{ $a := .Values.MTU }}{{ $a }}', '1500'],
    ['{{ "q\\"uote" }}', 'q"uote'],
    ['{{/* a comment */}}x', 'x'],
    ['{{ if eq .Values.MTU "1500" }}yes{{ end }}', 'yes'],
    ['{{ if eq .Values.MTU "1460" }}yes{{ end }}', ''],
    ['{{ if ne .Values.MTU "1000" }}yes{{ else }}no{{ end }}', 'yes'],
    ['{{ if ne .Values.MTU "1500" }}yes{{ else }}no{{ end }}', 'no'],
    ['{{ if eq .Values.MTU "1" "2" "1500" }}any{{ end }}', 'any'],
    ['{{ if eq .Values.MTU 1500 }}number{{ end }}', 'number'],
    ['{{ if .Values.FLAG }}on{{ else }}off{{ end }}', 'on'],
    ['{{ if .Values.OFF }}on{{ else }}off{{ end }}', 'off'], // "false" is falsy
    ['{{ if .Values.EMPTY }}on{{ else }}off{{ end }}', 'off'],
    ['{{ if not .Values.OFF }}on{{ end }}', 'on'],
    ['{{ if and .Values.FLAG (eq .Values.MTU "1500") }}both{{ end }}', 'both'],
    ['{{ if or .Values.OFF .Values.EMPTY }}x{{ else }}neither{{ end }}', 'neither'],
    ['{{ if true }}t{{ end }}{{ if false }}f{{ end }}', 't'],
    ['{{ eq .Values.MTU "1500" }}', 'true'],
    ['{{ if .Values.OFF }}a{{ else if .Values.FLAG }}b{{ else }}c{{ end }}', 'b'],
    ['{{ if .Values.OFF }}a{{ else if .Values.EMPTY }}b{{ else }}c{{ end }}', 'c'],
    ['{{ if .Values.FLAG }}1{{ if .Values.OFF }}2{{ else }}3{{ if .Values.MTU }}4{{ end }}{{ end }}5{{ end }}', '1345'],
    // A variable declared in a branch is scoped to it; the outer one is untouched.
    ['{{ $v := "outer" }}{{ if true }}{{ $v := "inner" }}{{ $v }}{{ end }} {{ $v }}', 'inner outer'],
    ['{{ $v := "outer" }}{{ if true }}{{ $v = "changed" }}{{ end }}{{ $v }}', 'changed'],
  ])('%s → %j', (input, text) => {
    const r = go(input)
    expect(r.errors).toEqual([])
    expect(r.text).toBe(text)
  })

  it.each([
    // {{- trims all whitespace (newlines included) before; -}} after.
    ['a\n\n{{- $x:="1" }}\nb', 'a\nb'],
    ['a  {{- .Values.MTU -}}  \n b', 'a1500b'],
    ['a {{ .Values.MTU }} b', 'a 1500 b'],
    ['a {{-3}}', 'a -3'], // "{{-" without a space is a negative number, not a trim
    [
      'command:\n  - check\n  {{- if ne .Values.MTU "5000" }}\n  - --interval\n  - ${MTU}\n  {{- end }}\n  {{- if ne .Values.MTU "1500" }}\n  - --timeout\n  {{- end }}\nnext: 1',
      'command:\n  - check\n  - --interval\n  - 1500\nnext: 1',
    ],
  ])('trimming %j', (input, text) => {
    const r = go(input)
    expect(r.errors).toEqual([])
    expect(r.text).toBe(text)
  })

  it('an action does not trim text produced by another action', () => {
    expect(go('{{ "a  " }}  {{- "b" }}').text).toBe('a  b')
  })

  it('records missing .Values (and not in branches that did not run)', () => {
    const r = go('{{ .Values.NOPE }}{{ if .Values.OFF }}{{ .Values.SKIPPED }}{{ end }}{{ if ne .Values.GONE "1" }}x{{ end }} $LATER {{ .Values.EMPTY }}')
    expect(r.text).toBe('x  ')
    expect(r.missing).toEqual(['NOPE', 'GONE', 'LATER', 'EMPTY'])
  })

  it('orders missing names by position in the input even across the two phases', () => {
    const r = go('a: $FIRST\nb: {{ .Values.SECOND }}\n')
    expect(r.missing).toEqual(['FIRST', 'SECOND'])
  })

  it('runs interpolation after the template, so a template can produce $VAR', () => {
    expect(go('{{ $v := "$NET" }}{{ $v }}').text).toBe('192.0.2.0/24')
    expect(go('{{ if .Values.FLAG }}${MTU}{{ end }}').text).toBe('1500')
  })

  it('maps interpolation errors back through the template to the input position', () => {
    // Line 3 in the input: the two template lines before it are trimmed away in the output.
    const r = go('a: 1\n{{- $x:="a long image name that shifts the output" }}{{ $x }}\nb: {{ .Values.MTU }} $ oops\n')
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ line: 3, column: 22 })
  })
})

describe('Go templates: unsupported syntax is reported with its position and left as is', () => {
  const go = (text: string) => renderCompose(text, A, { goTemplate: true })

  it.each([
    ['x: {{ .Values.NET | quote }}', 1, 19, 'x: {{ .Values.NET | quote }}', 'pipelines'],
    ['x: {{ printf "%s" .Values.NET }}', 1, 7, 'x: {{ printf "%s" .Values.NET }}', 'printf'],
    ['x: {{ .Release.Name }}', 1, 7, 'x: {{ .Release.Name }}', '.Release.Name'],
    ['x: {{ .Values.A.B }}', 1, 7, 'x: {{ .Values.A.B }}', '.Values.A.B'],
    ['x: {{ $nope }}', 1, 7, 'x: {{ $nope }}', 'undefined variable $nope'],
    ['x: {{ $ }}', 1, 7, 'x: {{ $ }}', 'root data'],
    ['x: {{ }}', 1, 4, 'x: {{ }}', 'empty action'],
    ['x: {{ if }}', 1, 7, 'x: {{ if }}', 'needs a condition'],
    ['x: {{ ne .Values.MTU }}', 1, 7, 'x: {{ ne .Values.MTU }}', 'ne takes 2 arguments, got 1'],
    ['x: {{ not eq 1 2 }}', 1, 11, 'x: {{ not eq 1 2 }}', 'parentheses'],
    ['x: {{ (eq 1 1 }}', 1, 7, 'x: {{ (eq 1 1 }}', 'unclosed "("'],
    ['x: {{ "a" "b" }}', 1, 11, 'x: {{ "a" "b" }}', 'unexpected "b"'],
    ['x: {{ end }}', 1, 4, 'x: {{ end }}', '{{end}} without a matching {{if}}'],
    ['x: {{ else }}', 1, 4, 'x: {{ else }}', '{{else}} without a matching {{if}}'],
    ['x: {{ end extra }}', 1, 11, 'x: {{ end extra }}', 'after end'],
    ['x: {{ template "t" }}', 1, 7, 'x: {{ template "t" }}', 'not supported'],
    ["x: {{ 'c' }}", 1, 7, "x: {{ 'c' }}", 'character constants'],
    ['x: {{ "\\x41" }}', 1, 7, 'x: {{ "\\x41" }}', 'unsupported escape'],
    ['x: {{ @ }}', 1, 7, 'x: {{ @ }}', 'unexpected "@"'],
    ['a\nb: {{ .Values.NET', 2, 4, 'a\nb: {{ .Values.NET', 'unclosed action'],
  ])('%j', (input, line, column, text, message) => {
    const r = go(input)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ line, column, message: expect.stringContaining(message) })
    expect(r.text).toBe(text)
  })

  it('an unclosed {{if}} is reported at the if and its body still renders', () => {
    const r = go('a\n  {{ if .Values.FLAG }}b: $MTU\n')
    expect(r.errors).toEqual([{ message: '{{if}} is never closed with {{end}}', line: 2, column: 3, start: 4, end: 25 }])
    expect(r.text).toBe('a\n  b: 1500\n')
  })

  it('a {{range}} block is reported, kept verbatim with its {{end}}, and its body rendered', () => {
    const r = go('{{- range .Values.X }}\nv: {{ .Values.MTU }}\n{{- end }}')
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, column: 1, message: expect.stringContaining('{{range}}') })])
    expect(r.text).toBe('{{- range .Values.X }}\nv: 1500\n{{- end }}')
  })

  it('a second {{else}} is refused', () => {
    const r = go('{{ if .Values.OFF }}a{{ else }}b{{ else }}c{{ end }}')
    expect(r.errors).toEqual([expect.objectContaining({ column: 33, message: expect.stringContaining('after {{else}}') })])
  })

  it('a bad action keeps the whitespace its trim markers would have removed', () => {
    expect(go('a\n{{- nope -}}\nb').text).toBe('a\n{{- nope -}}\nb')
  })

  it('a "}}" inside a string does not end the action', () => {
    const r = go('{{ if eq .Values.MTU "}}" }}x{{ else }}y{{ end }}')
    expect(r.errors).toEqual([])
    expect(r.text).toBe('y')
  })
})

describe('size', () => {
  it('renders a 1 MiB file with few placeholders in linear time', () => {
    // Many short lines, one placeholder at the very end and a few actions: the shape that
    // would expose a rescan per line or per action.
    const body = 'key: value\n'.repeat(95_000)
    const text = `{{- $x := "v" }}\n${body}{{ $x }}: {{ .Values.MTU }}\nlast: $NET\n`
    const t0 = performance.now()
    const r = renderCompose(text, A, { goTemplate: true })
    const ms = performance.now() - t0
    expect(r.errors).toEqual([])
    expect(r.text.endsWith('v: 1500\nlast: 192.0.2.0/24\n')).toBe(true)
    expect(ms).toBeLessThan(1000)
  })
})

// ─── the real Rancher catalog ──────────────────────────────────────────────────────────────

const CORPUS = new URL('../../../shared/corpus/rancher-catalog/infra-templates/', import.meta.url)
const TEMPLATES = ['ipsec', 'network-services', 'healthcheck', 'scheduler']

interface CorpusFile {
  id: string
  content: string
  goTemplate: boolean
  defaults: Record<string, string>
  /** Questions whose default is empty: the only names allowed in `missing`. */
  emptyDefaults: Set<string>
}

function corpusFiles(): CorpusFile[] {
  const files: CorpusFile[] = []
  for (const template of TEMPLATES) {
    const versions = readdirSync(new URL(`${template}/`, CORPUS), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort((a, b) => Number(a) - Number(b))
    for (const version of versions) {
      const dir = new URL(`${template}/${version}/`, CORPUS)
      const names = readdirSync(dir)
      const rancherCompose = names.includes('rancher-compose.yml') ? readFileSync(new URL('rancher-compose.yml', dir), 'utf8') : ''
      const catalog = (parseDocument(rancherCompose).toJS() ?? {})['.catalog'] ?? {}
      const defaults: Record<string, string> = {}
      const emptyDefaults = new Set<string>()
      for (const q of (catalog.questions ?? []) as { variable: string; default?: unknown }[]) {
        // YAML gives `default: 1500` as a number; answers are strings.
        const d = q.default === undefined || q.default === null ? '' : String(q.default)
        defaults[q.variable] = d
        if (d === '') emptyDefaults.add(q.variable)
      }
      for (const name of names.filter((n) => n === 'docker-compose.yml' || n.endsWith('.tpl') || n === 'rancher-compose.yml')) {
        files.push({
          id: `${template}/${version}/${name}`,
          content: readFileSync(new URL(name, dir), 'utf8'),
          goTemplate: name.endsWith('.tpl'),
          defaults,
          emptyDefaults,
        })
      }
    }
  }
  return files
}

describe('the Rancher catalog corpus renders with its own defaults', () => {
  const files = corpusFiles()

  it('has the expected files (every version of the four infrastructure templates)', () => {
    expect(files.filter((f) => f.id.endsWith('.tpl'))).toHaveLength(15)
    expect(files.filter((f) => f.id.endsWith('/docker-compose.yml'))).toHaveLength(56)
  })

  it.each(files.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    const r = renderCompose(f.content, f.defaults, { goTemplate: f.goTemplate })
    expect(r.errors).toEqual([])
    // Only questions with an empty default may come out missing (e.g. SUBNET_START_ADDRESS);
    // anything else would be a placeholder we misread.
    for (const name of r.missing) expect(f.emptyDefaults.has(name), name).toBe(true)
    expect(r.text).not.toContain('{{')
    const doc = parseDocument(r.text, { uniqueKeys: true })
    expect(doc.errors.map((e) => e.message)).toEqual([])
  })

  it('renders ipsec/18 the way Rancher does', () => {
    const f = files.find((x) => x.id === 'ipsec/18/docker-compose.yml.tpl')!
    const r = renderCompose(f.content, f.defaults, { goTemplate: true })
    const doc = parseDocument(r.text).toJS()
    expect(doc.services.router.image).toBe('rancher/net:v0.13.17')
    // CONNECTIVITY_CHECK_INTERVAL defaults to 10000 ≠ 5000, so the flags are present.
    expect(doc.services['connectivity-check'].command).toEqual([
      'connectivity-check',
      '--connectivity-check-interval',
      10000,
      '--peer-connection-timeout',
      60000,
    ])
    const driver = doc.services['cni-driver'].network_driver
    expect(driver.default_network.host_ports).toBe(true)
    expect(driver.default_network.subnets[0].network_address).toBe('10.42.0.0/16')
    expect(driver.cni_config['10-rancher.conf']).toMatchObject({ mtu: 1500, hairpinMode: false, promiscMode: true })
    expect(driver.cni_config['10-rancher.conf'].ipam.subnetPrefixSize).toBe('/16')
    expect(r.missing).toEqual(['RANCHER_IPSEC_PSK', 'SUBNET_START_ADDRESS', 'SUBNET_END_ADDRESS'])
  })

  it('drops the connectivity-check flags when the answers equal the old defaults', () => {
    const f = files.find((x) => x.id === 'ipsec/18/docker-compose.yml.tpl')!
    const answers = { ...f.defaults, CONNECTIVITY_CHECK_INTERVAL: '5000', PEER_CONNECTION_TIMEOUT: '1000' }
    const doc = parseDocument(renderCompose(f.content, answers, { goTemplate: true }).text).toJS()
    expect(doc.services['connectivity-check'].command).toEqual(['connectivity-check'])
  })
})

// ─── the source map ────────────────────────────────────────────────────────────────────────

describe('source map: rendered offsets lead back to what the operator wrote', () => {
  /** The source text a rendered range maps to. */
  const back = (r: ReturnType<typeof renderCompose>, src: string, text: string) => {
    const at = r.text.indexOf(text)
    expect(at, `${JSON.stringify(text)} in the output`).toBeGreaterThanOrEqual(0)
    return src.slice(r.map.toSourceStart(at), r.map.toSourceEnd(at + text.length))
  }

  it('maps a value that came through $VAR / ${VAR} / {{ .Values.X }} to the whole placeholder', () => {
    const src = 'a: $NET\nb: ${MTU}\nc: /{{ .Values.MTU }}\nd: ${NOPE:-dflt}\n'
    const r = renderCompose(src, A, { goTemplate: true })
    expect(r.text).toBe('a: 192.0.2.0/24\nb: 1500\nc: /1500\nd: dflt\n')
    expect(back(r, src, '192.0.2.0/24')).toBe('$NET')
    expect(back(r, src, '1500\nc')).toBe('${MTU}\nc')
    expect(back(r, src, '/1500')).toBe('/{{ .Values.MTU }}')
    expect(back(r, src, 'dflt')).toBe('${NOPE:-dflt}')
    // Copied text maps 1:1, also after generated text on the same line.
    expect(back(r, src, 'd: ')).toBe('d: ')
  })

  it('keeps copied text exact through trim markers and a template that moves lines', () => {
    const src = 'version: 2\n{{- $img := "rancher/net:v1" }}\nimage: {{ $img }}\nnet: $NET\n'
    const r = renderCompose(src, A, { goTemplate: true })
    expect(r.text).toBe('version: 2\nimage: rancher/net:v1\nnet: 192.0.2.0/24\n')
    expect(back(r, src, 'net: ')).toBe('net: ')
    expect(back(r, src, 'rancher/net:v1')).toBe('{{ $img }}')
    expect(back(r, src, '192.0.2.0/24')).toBe('$NET')
  })

  it('leaves a 0-length, unresolved segment where an unset answer rendered as nothing', () => {
    const src = 'a: $NOPE\nb: {{ .Values.GONE }}\nc: ${EMPTY}\nd: ${NOPE:-x}\n'
    const r = renderCompose(src, A, { goTemplate: true })
    expect(r.text).toBe('a: \nb: \nc: \nd: x\n')
    const unresolved = r.map.segments.filter((g) => g.unresolved)
    expect(unresolved.map((g) => [g.out, g.outEnd, src.slice(g.src, g.srcEnd), g.variable])).toEqual([
      [3, 3, '$NOPE', 'NOPE'],
      [7, 7, '{{ .Values.GONE }}', 'GONE'],
      [11, 11, '${EMPTY}', 'EMPTY'],
    ])
    // Asked about the value range of `b:` (from after the colon to the line end), the map finds the marker.
    expect(r.map.generatedWithin(6, 7).map((g) => g.variable)).toEqual(['GONE'])
    expect(r.map.generatedWithin(0, 2)).toEqual([])
  })

  it('lists every placeholder use with its source range, resolved or not', () => {
    const src = '{{ if eq .Values.MTU "1500" }}a: $NET{{ end }}\nb: ${NOPE}\nc: ${X:-d}\n'
    const r = renderCompose(src, A, { goTemplate: true })
    expect(r.placeholders.map((u) => [src.slice(u.start, u.end), u.variable, u.resolved, u.direct])).toEqual([
      ['.Values.MTU', 'MTU', true, false],
      ['$NET', 'NET', true, true],
      ['${NOPE}', 'NOPE', false, true],
      ['${X:-d}', 'X', true, true],
    ])
  })

  it('gives issues a source range', () => {
    const src = 'a: 1\nb: ${BAD NAME}\n'
    const r = renderCompose(src, A)
    expect(r.errors).toHaveLength(1)
    expect(src.slice(r.errors[0].start, r.errors[0].end)).toBe('${BAD NAME}')
  })

  it.each(corpusFiles().map((f) => [f.id, f] as const))('covers the output of %s contiguously, copied text verbatim', (_id, f) => {
    const r = renderCompose(f.content, f.defaults, { goTemplate: f.goTemplate })
    let at = 0
    for (const g of r.map.segments) {
      expect(g.out).toBe(at)
      if (!g.generated) expect(f.content.slice(g.src, g.srcEnd)).toBe(r.text.slice(g.out, g.outEnd))
      at = g.outEnd
    }
    expect(at).toBe(r.text.length)
  })
})
