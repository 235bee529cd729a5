// Finds and runs the peer programs of shared/bench (built by bench/build-peers.sh into
// bench/.peers), so MigLab and its baseline are measured in the same run.

import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseResultLine } from './args'

/** The repository root: the nearest folder above this file whose package.json is MigLab's. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'miglab') return dir
    const up = dirname(dir)
    if (up === dir) return process.cwd()
    dir = up
  }
}

const PEERS = join(repoRoot(), 'bench', '.peers')

export function peerPath(rel: string): string | undefined {
  const p = join(PEERS, rel)
  return existsSync(p) ? p : undefined
}

export function missingPeerNote(name: string): string {
  return `# peer ${name} not built: run \`sh bench/build-peers.sh\` (needs g++, and libns3-dev for ns-3) to compare side by side`
}

/** Runs a peer program and returns its RESULT line's fields and the line itself. */
export function runPeer(path: string, args: string[]): { line: string; fields: Record<string, string> } {
  const out = execFileSync(path, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const line = out
    .split('\n')
    .filter((l) => l.startsWith('RESULT'))
    .pop()
  if (!line) throw new Error(`${path} printed no RESULT line:\n${out}`)
  return { line, fields: parseResultLine(line) }
}
