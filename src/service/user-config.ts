// Where MigLab keeps the user's own small files (the list of recent projects): the platform's
// per-user configuration folder, the same one Electron's app.getPath('userData') gives for an app
// named "miglab", so the desktop app and `miglab serve` share them.

import { homedir } from 'node:os'
import { join } from 'node:path'

export function userConfigDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'miglab')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'miglab')
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'miglab')
}
