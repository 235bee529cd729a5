// `npm start`: the main job. With a display, it opens the desktop app (fetching the Electron
// binary first if it is missing); without one (a server, CI, SSH), it runs MigLab's newest
// headless demonstration from the command line instead.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1

const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/cli/miglab.js'].every(
  (p) => existsSync(join(root, p)),
)
if (!built || process.argv.includes('--rebuild')) {
  console.log('building MigLab (npm run build) ...')
  if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1)
}

const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  !!process.env.DISPLAY ||
  !!process.env.WAYLAND_DISPLAY

if (hasDisplay && !process.argv.includes('--headless')) {
  if (!existsSync(join(root, 'node_modules/electron/path.txt'))) {
    console.log('fetching the Electron binary (npx install-electron) ...')
    try {
      execSync('npx --no-install install-electron', { cwd: root, stdio: 'inherit' })
    } catch {
      console.error('could not fetch the Electron binary (no network?); running headless instead.')
      process.exit(run('node', ['out/cli/miglab.js', 'demo']))
    }
  }
  process.exit(run('npx', ['--no-install', 'electron-vite', 'preview']))
}

console.log('no display: running the headless demonstration (`miglab demo`)\n')
process.exit(run('node', ['out/cli/miglab.js', 'demo']))
