// `npm run dist`: desktop installers for this platform (electron-builder.yml). electron-builder
// packs the official Electron binary, which it downloads from GitHub (or takes from its cache, or
// from ELECTRON_MIRROR); where none of these is available it would fail deep in a download after
// a full build, so this checks first and says why it cannot build here. Extra arguments go to
// electron-builder (e.g. `npm run dist -- --linux deb`).
import { spawnSync } from 'node:child_process'
import { lookup } from 'node:dns/promises'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1
const electron = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const zip = `electron-v${electron}-${process.platform}-${process.arch}.zip`

/** Where @electron/get keeps downloaded binaries. */
function cacheDir() {
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE
  if (process.platform === 'darwin') return join(homedir(), 'Library/Caches/electron')
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? homedir(), 'electron/Cache')
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron')
}

/** Whether the binary is already downloaded (each download sits in a folder named by a hash of its URL). */
function cached() {
  const dir = cacheDir()
  if (!existsSync(dir)) return false
  return readdirSync(dir).some((entry) => entry === zip || existsSync(join(dir, entry, zip)))
}

async function reachable(host) {
  try {
    await lookup(host)
    return true
  } catch {
    return false
  }
}

function cannotDownload(why) {
  console.error(
    [
      `npm run dist: cannot build the installers here: electron-builder needs ${zip}`,
      `(the Electron ${electron} binary it packs), which is not in ${cacheDir()},`,
      `and ${why}.`,
      'Build them where GitHub can be reached (the release workflow, .github/workflows/release.yml,',
      'does it on Linux, macOS and Windows runners), or put the zip in the cache folder above,',
      'or set ELECTRON_MIRROR to a mirror of the Electron releases.',
    ].join('\n'),
  )
  process.exit(1)
}

if (!cached() && !process.env.ELECTRON_MIRROR) {
  const unreachable = []
  for (const host of ['github.com', 'objects.githubusercontent.com'])
    if (!(await reachable(host))) unreachable.push(host)
  if (unreachable.length > 0)
    cannotDownload(`${unreachable.join(' and ')} cannot be reached from this machine to download it`)
}

console.log('building MigLab (npm run build) ...')
if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1)
// electron-builder's messages are passed through; a failed download is also named plainly at the end.
const builder = spawnSync(
  'npx',
  ['--no-install', 'electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)],
  { cwd: root, stdio: ['inherit', 'inherit', 'pipe'], encoding: 'utf8' },
)
process.stderr.write(builder.stderr ?? '')
if (
  builder.status !== 0 &&
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|fetch failed|socket hang up/.test(builder.stderr ?? '')
)
  cannotDownload('the download failed (see the network error above)')
if (builder.status !== 0) console.error('npm run dist: electron-builder failed (its messages are above)')
process.exit(builder.status ?? 1)
