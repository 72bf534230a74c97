import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The dev server proxies the API to a control plane started with `npm run dev:server`.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: { outDir: 'dist', sourcemap: false },
})
