// The study's results table as a paper prints it: one row per sweep point × architecture ×
// mechanism, each column a metric with its unit, each cell the mean ± the half-width of its 95 %
// confidence interval over replications, the best of each column (per sweep point) in bold. It is
// the report library's table model (LabApi.resultsTable), so its Export writes these numbers. A row
// opens the runs behind it in the run browser. It refreshes as the runs of a study land.
import { useEffect, useState } from 'react'
import { fixed, hasInterval, type ResultsTable, rowLabels } from '../../../../engine/report/results-table'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import { Icon } from '../../ui/Icon'
import { ExportButton, TABLE_FORMATS } from '../compare/ExportButton'
import { resultsNav } from '../results-nav'

export function ResultsTableView({ project, version }: { project: string; version: string }): React.JSX.Element {
  const { api } = useLab()
  const [table, setTable] = useState<ResultsTable | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: version says when the results changed
  useEffect(() => {
    let live = true
    api.resultsTable(project).then(
      (t) => {
        if (!live) return
        setTable(t)
        setError(null)
      },
      (e) => live && setError(messageOf(e)),
    )
    return () => {
      live = false
    }
  }, [api, project, version])

  if (error) return <div className="banner error pad">{error}</div>
  if (table === undefined) return <p className="muted small pad">Loading the results…</p>
  if (table === null || table.rows.length === 0) {
    return (
      <div className="empty-state" data-testid="results-empty">
        <Icon name="book" size={28} />
        <p>
          No results of the study as it was last run. Choose architectures, mechanisms and replications in the run form
          and press Run (Ctrl+Enter): rows land here as runs finish, stored in the project's results/ folder. Runs of
          earlier versions of the study stay there (see Runs, Whole store) and are reused when you go back to one.
        </p>
      </div>
    )
  }
  const n = Math.max(...table.rows.flatMap((r) => r.cells.map((c) => c?.n ?? 0)))
  return (
    <div className="results" data-testid="results">
      <div className="results-bar">
        <span className="muted small">
          {`${table.rows.length} configuration${table.rows.length === 1 ? '' : 's'} · ${
            n < 2 ? 'one replication each, so no intervals yet' : `mean ± 95 % CI half-width over ${n} replications`
          }; best per column in bold · click a row for its runs`}
        </span>
        <span className="spacer" />
        <ExportButton
          project={project}
          what={{ kind: 'table', table: 'metrics' }}
          formats={TABLE_FORMATS}
          testId="export-table"
        />
      </div>
      <div className="table-wrap">
        <table className="results-table" data-testid="results-table">
          <thead>
            <tr>
              {table.swept ? <th>Sweep point</th> : null}
              <th>Architecture</th>
              <th>Mechanism</th>
              {table.columns.map((c) => (
                <th key={c.metric.name} className="num" title={c.metric.name}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr
                key={`${row.pointIndex}/${row.architecture}/${row.mechanism}`}
                data-testid="results-row"
                className="clickable"
                title="The runs behind this row"
                onClick={() =>
                  resultsNav.browse({
                    architecture: row.architecture,
                    mechanism: row.mechanism,
                    pointIndex: row.pointIndex,
                  })
                }
              >
                {table.swept ? <td>{row.point}</td> : null}
                <td title={row.architecture}>{rowLabels(row).architecture}</td>
                <td title={row.mechanism}>{rowLabels(row).mechanism}</td>
                {row.cells.map((cell, i) => {
                  const column = table.columns[i]
                  if (!cell)
                    return (
                      <td key={column.metric.name} className="num muted">
                        —
                      </td>
                    )
                  const d = column.decimals
                  return (
                    <td key={column.metric.name} className={`num${cell.best ? ' best' : ''}`} title={`n = ${cell.n}`}>
                      {fixed(cell.mean, d)}
                      {hasInterval(cell) ? <span className="pm"> ± {fixed(cell.halfWidth, d)}</span> : null}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
