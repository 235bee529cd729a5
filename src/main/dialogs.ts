// The native file dialogs the renderer asks for through the bridge. The renderer names nothing on
// disk itself: the user picks the path here, and for exports this process writes the file, so a
// compromised page cannot write where the user did not choose.
import { writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron'
import type { ExportResult } from '../service/api'

/** A folder name from a project name: letters, digits, spaces, dots, dashes and underscores. */
export function folderName(projectName: string): string {
  const words = projectName
    .replace(/[^\p{L}\p{N} ._-]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/^\.+$/.test(w))
  const cleaned = words.join(' ').replace(/^\.+/, '')
  return cleaned === '' ? 'MigLab project' : cleaned.slice(0, 80)
}

export type DialogHost = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>

export class ShellDialogs {
  constructor(
    private readonly dialog: DialogHost,
    /** Where new projects are suggested (Documents/MigLab). */
    private readonly projectsHome: string,
  ) {}

  private exportsDir: string | null = null

  async openProject(win: BrowserWindow | undefined): Promise<string | null> {
    const options = {
      title: 'Open a MigLab project',
      buttonLabel: 'Open',
      properties: ['openDirectory' as const],
      defaultPath: this.projectsHome,
    }
    const r = await (win ? this.dialog.showOpenDialog(win, options) : this.dialog.showOpenDialog(options))
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]
  }

  async newProjectFolder(win: BrowserWindow | undefined, suggestedName: string): Promise<string | null> {
    return this.save(win, {
      title: 'Where to keep the project',
      buttonLabel: 'Create',
      nameFieldLabel: 'Project folder:',
      defaultPath: join(this.projectsHome, folderName(suggestedName)),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
  }

  /** Asks where to save an export and writes it there; null when the user cancelled. */
  async saveExport(win: BrowserWindow | undefined, file: ExportResult): Promise<string | null> {
    const ext = extname(file.filename).slice(1)
    const path = await this.save(win, {
      title: 'Export',
      defaultPath: join(this.exportsDir ?? this.projectsHome, file.filename),
      filters: ext ? [{ name: `${ext.toUpperCase()} file`, extensions: [ext] }] : [],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
    if (path === null) return null
    writeFileSync(path, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : (file.text ?? ''))
    this.exportsDir = join(path, '..')
    return path
  }

  private async save(win: BrowserWindow | undefined, options: SaveDialogOptions): Promise<string | null> {
    const r = await (win ? this.dialog.showSaveDialog(win, options) : this.dialog.showSaveDialog(options))
    return r.canceled || !r.filePath ? null : r.filePath
  }
}
