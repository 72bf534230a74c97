// monaco-yaml's own Vite workaround: a local module that Vite can bundle as a `?worker`.
import 'monaco-yaml/yaml.worker.js'
