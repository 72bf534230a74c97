/**
 * Monaco, bundled locally (no CDN: Paddock must work offline), with monaco-yaml for hover and
 * completion from the network-driver JSON Schemas. Imported ONLY by the lazily loaded editor
 * route, so the rest of the app never downloads Monaco. The wiring is the one verified in
 * engineering/toolchain.md §2 (monaco-editor 0.57 + monaco-yaml 5.5.1):
 *
 * - slim entry points (core API + editor features + the yaml tokenizer, not every language);
 * - workers from `?worker` imports; `src/yaml.worker.js` wraps monaco-yaml's worker;
 * - a shim for monaco-yaml's legacy `createWebWorker({ moduleId, label, createData })` call
 *   (Monaco ≥ 0.55 takes `{ worker, host }`), together with the Vite alias in vite.config.ts;
 * - `configureMonacoYaml` with `validate: false`: every marker comes from the core validator,
 *   monaco-yaml only gives hover and completion; `enableSchemaRequest: false`: schemas inline;
 * - `loader.config({ monaco })`, without which @monaco-editor/react fetches Monaco from a CDN.
 *
 * Test hook: in development builds and in automated browsers (`navigator.webdriver`, as under
 * Playwright) the instance is also exposed as `window.monaco`, so e2e specs can read markers
 * (`monaco.editor.getModelMarkers`) and drive models. Application code never reads it.
 */
import { loader } from '@monaco-editor/react'
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/yaml/register'
// oxlint-disable-next-line import/default -- Vite's `?worker` modules export the Worker constructor as default (vite/client types)
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { configureMonacoYaml } from 'monaco-yaml'
// oxlint-disable-next-line import/default -- as above
import YamlWorker from '../../yaml.worker.js?worker'
import { COMPOSE_SCHEMAS } from './compose-schemas.ts'
import { MONACO_THEMES } from './themes.ts'

declare global {
  interface Window {
    /** Test hook only (see the module comment); undefined in production for human visitors. */
    monaco?: typeof monaco
  }
}

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
}

// monaco-worker-manager 2.0.1 (inside monaco-yaml) still calls the pre-0.55 signature; start the
// worker ourselves and hand Monaco the `{ worker }` form it now expects.
const createWebWorker = monaco.editor.createWebWorker
type LegacyWorkerOptions = { moduleId: string; label?: string; createData?: unknown }
monaco.editor.createWebWorker = ((opts: Parameters<typeof createWebWorker>[0] | LegacyWorkerOptions) => {
  if ('worker' in opts) return createWebWorker(opts)
  const worker = Promise.resolve(self.MonacoEnvironment!.getWorker!(opts.moduleId, opts.label ?? 'editorWorkerService')).then((w) => {
    // The legacy protocol: a first message the worker ignores, then its create data.
    w.postMessage('ignore')
    w.postMessage(opts.createData)
    return w
  })
  return createWebWorker({ ...opts, worker })
}) as typeof createWebWorker

configureMonacoYaml(monaco, {
  validate: false,
  enableSchemaRequest: false,
  hover: true,
  hoverSchemaSource: false, // the schema URIs are ids only, nothing to link to
  completion: true,
  schemas: COMPOSE_SCHEMAS,
})

// The built-in themes, adjusted so every token meets WCAG AA contrast (4.5:1) also on the diff
// editor's changed-line backgrounds: vs-dark's comments (#608b4e, 4.2:1) take VS Code's current
// colour; in vs, YAML keys, numbers and comments are darker and the diff backgrounds lighter.
monaco.editor.defineTheme(MONACO_THEMES.light, {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'type', foreground: '006b6b' },
    { token: 'number', foreground: '07694a' },
    { token: 'comment', foreground: '006400' },
  ],
  colors: {
    'diffEditor.removedLineBackground': '#ffeef0',
    'diffEditor.insertedLineBackground': '#eaf5e2',
    'diffEditor.removedTextBackground': '#ffd7d9',
    'diffEditor.insertedTextBackground': '#d4edc8',
  },
})
monaco.editor.defineTheme(MONACO_THEMES.dark, { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '6a9955' }], colors: {} })

loader.config({ monaco })

if (import.meta.env.DEV || navigator.webdriver) window.monaco = monaco

export { monaco }
export type Monaco = typeof monaco
