// Where the desktop app finds its parts. The simulation and scenario workers are the CLI's own
// built entries (out/cli/*-worker.js): one build of the engine's worker code, run the same way by
// `miglab` and by the app, so the app's results are the CLI's byte for byte. Packaged, they stay
// in app.asar (Electron ≥ 17.3 loads worker_threads from the archive) with the chunks and
// packages they import, and electron-builder unpacks them and QuickJS's WASM beside it
// (electron-builder.yml); resources/ (examples, the scenario typings) ships as extra resources.
import { join } from 'node:path'
import type { App } from 'electron'

export interface AppPaths {
  preload: string
  renderer: string
  resources: string
  scenarioWorker: string
  runWorker: string
  icon: string
  /** Where new projects are suggested and the founding study is copied: Documents/MigLab. */
  projectsHome: string
}

export function appPaths(
  app: Pick<App, 'getAppPath' | 'getPath' | 'isPackaged'>,
  mainDir: string,
  resourcesPath: string,
): AppPaths {
  const root = app.getAppPath()
  const resources = app.isPackaged ? join(resourcesPath, 'resources') : join(root, 'resources')
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    renderer: join(mainDir, '../renderer/index.html'),
    resources,
    scenarioWorker: join(root, 'out/cli/scenario-worker.js'),
    runWorker: join(root, 'out/cli/run-worker.js'),
    icon: join(resources, 'icon.png'),
    projectsHome: join(app.getPath('documents'), 'MigLab'),
  }
}
