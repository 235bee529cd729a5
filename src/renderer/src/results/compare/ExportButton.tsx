// The Export button of a chart or table: a small menu of formats, each going through
// LabApi.export — the same path as `miglab report` — and then to a native save dialog (desktop) or
// the browser's download.
import { useEffect, useRef, useState } from 'react'
import type { ExportFormat, ExportRequest } from '../../../../service/api'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import { download } from '../../shell/download'
import { notify } from '../../ui/notices'

export const FIGURE_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'svg', label: 'SVG' },
  { format: 'pdf', label: 'PDF' },
  { format: 'tex', label: 'PGFPlots (.tex)' },
]

export const TABLE_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'tex', label: 'LaTeX (.tex)' },
  { format: 'md', label: 'Markdown' },
  { format: 'csv', label: 'CSV' },
]

interface Props {
  project: string
  what: ExportRequest['what'] | null
  formats: { format: ExportFormat; label: string }[]
  /** Figures: a one-column or two-column paper width. */
  widths?: boolean
  testId: string
}

export function ExportButton({ project, what, formats, widths, testId }: Props): React.JSX.Element {
  const { api, desktop } = useLab()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [width, setWidth] = useState<'single' | 'double'>('single')
  const root = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('mousedown', close)
    window.addEventListener('keydown', close)
    return () => {
      window.removeEventListener('mousedown', close)
      window.removeEventListener('keydown', close)
    }
  }, [open])

  const run = async (format: ExportFormat) => {
    if (!what) return
    setOpen(false)
    setBusy(true)
    try {
      const request = what.kind === 'figure' ? { ...what, width } : what
      const file = await api.export({ project, what: request, format })
      if (!desktop) {
        download(file)
        notify(`Exported ${file.filename}`)
      } else {
        const where = await desktop.dialogs.saveExport(file)
        if (where) notify(`Exported ${where}`)
      }
    } catch (e) {
      notify(`Export failed: ${messageOf(e)}`, 'error')
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className="button small"
        disabled={!what || busy}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        onClick={() => setOpen(!open)}
        title="Export as a file for a paper: the same bytes as `miglab report`"
      >
        {busy ? 'Exporting…' : 'Export ▾'}
      </button>
      {open ? (
        <div className="export-popup" role="menu">
          {widths ? (
            <div className="export-widths" role="radiogroup" aria-label="Figure width">
              {(['single', 'double'] as const).map((w) => (
                <label key={w}>
                  <input type="radio" checked={width === w} onChange={() => setWidth(w)} />
                  {w === 'single' ? 'One column' : 'Two columns'}
                </label>
              ))}
            </div>
          ) : null}
          {formats.map((f) => (
            <button
              key={f.format}
              type="button"
              role="menuitem"
              className="export-item"
              data-testid={`${testId}-${f.format}`}
              onClick={() => void run(f.format)}
            >
              {f.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
