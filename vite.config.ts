import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// monaco-yaml's worker manager (monaco-worker-manager 2.0.1) imports the pre-0.56 deep path
// `monaco-editor/esm/vs/editor/editor.worker.js`, which monaco-editor 0.57's exports map no longer
// allows; map that path to the real file (engineering/toolchain.md §2).
const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url))

// The dev server proxies the API to a control plane started with `npm run dev:server`.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsm}$1` }] },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: { outDir: 'dist', sourcemap: false },
})
