// Browser-only dev server for the renderer (no Electron needed): `npm run dev:web`.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import electronConfig from './electron.vite.config.ts'

const cfg = electronConfig as { renderer?: Record<string, unknown> }

export default defineConfig({
  ...(cfg.renderer ?? {}),
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
})
