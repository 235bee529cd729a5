// Helpers for the report tests: rasterise a PDF page with pdftoppm and count ink, check XML
// well-formedness, and run pdflatex. Missing tools fail the test with the package to install.

import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `miglab-${prefix}-`))
}

async function requireTool(tool: string, pkg: string): Promise<void> {
  try {
    await run('sh', ['-c', `command -v ${tool}`])
  } catch {
    throw new Error(`${tool} is not installed: install the Debian package ${pkg} (scripts/system-deps.sh does)`)
  }
}

/** Fraction of non-white pixels of each page, from `pdftoppm -gray -r 50` (binary PGM). */
export async function inkPerPage(pdf: Uint8Array, dir: string): Promise<number[]> {
  await requireTool('pdftoppm', 'poppler-utils')
  const file = join(dir, 'page.pdf')
  writeFileSync(file, pdf)
  await run('pdftoppm', ['-gray', '-r', '50', file, join(dir, 'page')])
  const { stdout } = await run('sh', ['-c', `ls ${dir}/page-*.pgm | sort`])
  return stdout
    .trim()
    .split('\n')
    .map((pgm) => ink(readFileSync(pgm)))
}

function ink(pgm: Buffer): number {
  // P5 header: magic, width, height, maxval separated by whitespace, then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))
  if (!header) throw new Error('not a binary PGM')
  const [, w, h] = header.map(Number)
  const pixels = pgm.subarray(header[0].length)
  let dark = 0
  for (let i = 0; i < w * h; i++) if (pixels[i] < 245) dark++
  return dark / (w * h)
}

/**
 * Well-formedness of our generated XML: every tag closed in order, attributes quoted, and no bare
 * "&" or "<" in text. (Our SVGs use no DTD, comments or processing instructions.)
 */
export function wellFormed(xml: string): string | null {
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>/g
  let last = 0
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const text = xml.slice(last, m.index)
    if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text))
      return `bad text before offset ${m.index}: ${text.slice(0, 80)}`
    last = tag.lastIndex
    if (m[0].startsWith('<![CDATA[')) continue
    const [, close, name, , selfClose] = m
    if (close) {
      const open = stack.pop()
      if (open !== name) return `</${name}> closes <${open}> at offset ${m.index}`
    } else if (!selfClose) stack.push(name)
  }
  if (/\S/.test(xml.slice(last))) return `trailing text: ${xml.slice(last, last + 80)}`
  return stack.length === 0 ? null : `unclosed <${stack.join('>, <')}>`
}

/** Compiles `name`.tex in `dir` with pdflatex; resolves to the PDF bytes or rejects with the log's error. */
export async function pdflatex(dir: string, name: string, source: string): Promise<Uint8Array> {
  await requireTool('pdflatex', 'texlive-latex-base texlive-latex-recommended texlive-pictures lmodern')
  writeFileSync(join(dir, `${name}.tex`), source)
  try {
    await run('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `${name}.tex`], {
      cwd: dir,
      timeout: 120_000,
    })
  } catch (e) {
    const log = readFileSync(join(dir, `${name}.log`), 'utf8')
    const error = log.split('\n').findIndex((l) => l.startsWith('!'))
    throw new Error(
      `pdflatex ${name}.tex failed: ${
        error >= 0
          ? log
              .split('\n')
              .slice(error, error + 8)
              .join('\n')
          : String(e)
      }`,
    )
  }
  return new Uint8Array(readFileSync(join(dir, `${name}.pdf`)))
}

/** Width and height (pt) of the first page, from pdfinfo (pdfTeX hides MediaBox in object streams). */
export async function pageSize(pdf: Uint8Array, dir: string): Promise<{ width: number; height: number }> {
  await requireTool('pdfinfo', 'poppler-utils')
  const file = join(dir, 'size.pdf')
  writeFileSync(file, pdf)
  const { stdout } = await run('pdfinfo', [file])
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout)
  if (!m) throw new Error(`pdfinfo gave no page size:\n${stdout}`)
  return { width: Number(m[1]), height: Number(m[2]) }
}
