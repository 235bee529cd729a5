// Paths on the machine running the service: the renderer never touches files itself, but it joins
// a chosen folder and a new name, in the separator style of the paths the service sent.

export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/'
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`
}

/** The last part of a path: a project folder's name. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts.at(-1) ?? path
}
