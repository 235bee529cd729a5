// `npm start`: the main job. With a display, it opens the desktop app (fetching the Electron
// binary first if it is missing), which opens the bundled founding study on its first start;
// without one (a server, CI, SSH), it runs the founding study headless (sweep, then report) from the
// command line instead. `--headless` forces the latter, `--rebuild` builds again first.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1

const built = [
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'out/cli/miglab.js',
  'out/cli/run-worker.js',
  'out/cli/scenario-worker.js',
].every((p) => existsSync(join(root, p)))
if (!built || process.argv.includes('--rebuild')) {
  console.log('building MigLab (npm run build) ...')
  if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1)
}

const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  !!process.env.DISPLAY ||
  !!process.env.WAYLAND_DISPLAY

// Headless, the main job is the founding study: every architecture and mechanism on the bundled
// workstation cluster, then its report. Results go to ./founding-study/ (kept between runs, so a
// second `npm start` only runs what is missing).
function headless(why) {
  const example = 'resources/examples/founding-study'
  const results = 'founding-study/results'
  const report = 'founding-study/report'
  console.log(`${why}: running the founding study headless (miglab sweep, then miglab report)\n`)
  const swept = run('node', ['out/cli/miglab.js', 'sweep', example, '--out', results])
  if (swept !== 0) process.exit(swept)
  const reported = run('node', ['out/cli/miglab.js', 'report', results, '--out', report])
  if (reported !== 0) process.exit(reported)
  run('node', ['out/cli/miglab.js', 'report', results])
  console.log(
    `\nThe study's report: ${join(report, 'report.html')} (and report.pdf, figures, LaTeX tables) in ${report}/`,
  )
  process.exit(0)
}

if (!hasDisplay || process.argv.includes('--headless')) headless('no display')

// The Electron binary is fetched on first use (electron 42+ has no install script).
const pathFile = join(root, 'node_modules/electron/path.txt')
if (!existsSync(pathFile)) {
  console.log('fetching the Electron binary (npm run electron:install) ...')
  if (run('npm', ['run', 'electron:install', '--silent']) !== 0 || !existsSync(pathFile))
    headless('could not fetch the Electron binary (no network?)')
}
const electron = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
// Chromium's OS sandbox cannot run as root (containers, CI); the page keeps its isolated,
// Node-free context either way. Other arguments (a project folder to open) go to the app.
const asRoot = process.getuid?.() === 0 ? ['--no-sandbox'] : []
const forApp = process.argv.slice(2).filter((a) => a !== '--rebuild' && a !== '--headless')
process.exit(run(electron, [root, ...asRoot, ...forApp]))
