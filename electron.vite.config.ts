import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  main: {
    // Runtime packages in `dependencies` stay external (electron-vite's default), so they ship in
    // node_modules of the packaged app; everything else is bundled.
    build: { rolldownOptions: { input: { index: r('./src/main/index.ts') } } },
  },
  preload: {
    build: {
      // Sandboxed preload scripts must be CommonJS even though package.json says "type": "module".
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: r('./src/renderer'),
    plugins: [react()],
    build: { minify: true, rolldownOptions: { input: { index: r('./src/renderer/index.html') } } },
  },
})
