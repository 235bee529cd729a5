// Help › About: which MigLab, engine, Electron, Chromium and Node this is — what a bug report
// needs and what a paper's methods section cites.
import type { BrowserWindow, Dialog } from 'electron'
import type { AppInfo } from '../service/api'

export function aboutDetail(info: AppInfo, v8: string): string {
  return [
    `Simulation engine ${info.engine}`,
    `Electron ${info.electron ?? '?'}`,
    `Chromium ${info.chrome ?? '?'}`,
    `Node.js ${info.node}`,
    `V8 ${v8}`,
  ].join('\n')
}

export async function showAbout(
  dialog: Pick<Dialog, 'showMessageBox'>,
  win: BrowserWindow | undefined,
  info: AppInfo,
): Promise<void> {
  const options = {
    type: 'info' as const,
    title: 'About MigLab',
    message: `MigLab ${info.miglab}`,
    detail: `Process migration and Internet naming, simulated.\n\n${aboutDetail(info, process.versions.v8)}`,
    buttons: ['OK'],
  }
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
}
