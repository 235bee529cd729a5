// Exported files in the browser: handed to the browser's download, since the page cannot write
// files (the desktop app asks the main process to, through a native save dialog).
import type { ExportResult } from '../../../service/api'

export function download(file: ExportResult): void {
  const body =
    file.base64 !== undefined ? Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)) : (file.text ?? '')
  const url = URL.createObjectURL(new Blob([body], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
