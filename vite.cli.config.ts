// Builds the headless side (the `miglab` CLI, the engine's worker entry, the benchmarks) to plain
// ES modules in out/cli. Runtime packages in package.json `dependencies` stay external, so the
// built CLI needs no dev dependency and installs alone on cluster nodes without a display.
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { defineConfig } from 'vite'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
// playwright-core (a dev dependency) drives Chromium in the timeline benchmark: loaded, not bundled.
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
  'playwright-core',
]

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        miglab: 'src/cli/miglab.ts',
        // Scenario scripts run in this worker, so one that overruns can be terminated.
        'scenario-worker': 'src/service/scenario-worker.ts',
        // Simulation jobs run in this worker (the pool's entry), for the CLI and Electron alike.
        'run-worker': 'src/service/run-worker.ts',
        bench: 'bench/main.ts',
      },
      external: (id: string) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
})
