// The native dialogs the renderer asks for: what they suggest, what they return when the user
// picks or cancels, and exports written where the user chose.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { folderName, ShellDialogs } from '../../src/main/dialogs'
import { fakeDialog, resetFakes } from './fake-electron'

let dir: string
beforeEach(() => {
  resetFakes()
  dir = mkdtempSync(join(tmpdir(), 'miglab-dialogs-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const dialogs = () => new ShellDialogs(fakeDialog, join(dir, 'MigLab'))

describe('open and new project', () => {
  it('returns the folder chosen, or null when cancelled', async () => {
    fakeDialog.openAnswers.push(
      { canceled: false, filePaths: ['/home/ana/eviction'] },
      { canceled: true, filePaths: [] },
    )
    expect(await dialogs().openProject(undefined)).toBe('/home/ana/eviction')
    expect(await dialogs().openProject(undefined)).toBeNull()
    expect(fakeDialog.calls[0].options).toMatchObject({
      properties: ['openDirectory'],
      defaultPath: join(dir, 'MigLab'),
    })
  })

  it('suggests a folder named after the project', async () => {
    fakeDialog.saveAnswers.push({ canceled: false, filePath: '/home/ana/Eviction study' })
    expect(await dialogs().newProjectFolder(undefined, 'Eviction: study/2')).toBe('/home/ana/Eviction study')
    expect(fakeDialog.calls[0].options).toMatchObject({
      defaultPath: join(dir, 'MigLab', 'Eviction study 2'),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
  })

  it('makes safe folder names', () => {
    expect(folderName('Sprite cluster, eviction')).toBe('Sprite cluster eviction')
    expect(folderName('../../etc')).toBe('etc')
    expect(folderName('***')).toBe('MigLab project')
    expect(folderName('Überlast & Ausfall')).toBe('Überlast Ausfall')
  })
})

describe('exports', () => {
  it('writes text and binary exports where the user chose, and remembers the folder', async () => {
    const svg = join(dir, 'fig.svg')
    const pdf = join(dir, 'fig.pdf')
    fakeDialog.saveAnswers.push({ canceled: false, filePath: svg }, { canceled: false, filePath: pdf })
    const d = dialogs()
    expect(await d.saveExport(undefined, { filename: 'outage.svg', mime: 'image/svg+xml', text: '<svg/>' })).toBe(svg)
    expect(readFileSync(svg, 'utf8')).toBe('<svg/>')
    const bytes = Buffer.from('%PDF-1.7 binary \u0000\u0001')
    expect(
      await d.saveExport(undefined, {
        filename: 'outage.pdf',
        mime: 'application/pdf',
        base64: bytes.toString('base64'),
      }),
    ).toBe(pdf)
    expect(readFileSync(pdf)).toEqual(bytes)
    expect(fakeDialog.calls[0].options).toMatchObject({
      defaultPath: join(dir, 'MigLab', 'outage.svg'),
      filters: [{ name: 'SVG file', extensions: ['svg'] }],
    })
    expect(fakeDialog.calls[1].options).toMatchObject({ defaultPath: join(dir, 'outage.pdf') })
  })

  it('writes nothing when the user cancels', async () => {
    expect(await dialogs().saveExport(undefined, { filename: 'a.csv', mime: 'text/csv', text: 'x' })).toBeNull()
  })
})
