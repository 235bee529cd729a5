// The project's scenario.ts in Monaco: the scripting API's typings plus the names of the drawn
// topology for completion, the sandbox's compile and validation errors as markers on the line
// that caused them, format on save (Ctrl+S) and Run (Ctrl+Enter).
import { useEffect, useRef, useState } from 'react'
import { useLab } from '../lab/use-lab'
import { isScriptError } from '../state/problems'
import { useProjectSession, useSession } from '../state/use-session'
import type { Theme } from '../topology/cy-style'
import { Icon } from '../ui/Icon'

type MonacoModule = typeof import('./monaco')
type Editor = ReturnType<MonacoModule['monaco']['editor']['create']>

const TEMPLATE = `// scenario.ts starts from what is drawn on the canvas: change drawn elements by defining them
// again with the same name, or add new ones (the canvas marks them as generated).
import { scenario } from 'miglab'

const s = scenario({})
`

const TYPINGS_DELAY_MS = 800

interface Props {
  theme: Theme
  onSave: () => void
  onRun: () => void
}

export function ScriptEditor(props: Props): React.JSX.Element {
  const session = useProjectSession()
  const hasScript = useSession((s) => s.draft.script !== null)
  if (!hasScript) {
    return (
      <div className="empty-state" data-testid="script-empty">
        <Icon name="file" size={28} />
        <p>
          This project has no <code>scenario.ts</code>. The drawn topology and the forms are a complete study; a script
          adds what is easier to write than to draw (loops over many hosts, sweeps, generated workloads).
        </p>
        <button type="button" className="button primary" onClick={() => session.setScript(TEMPLATE)}>
          Create scenario.ts
        </button>
      </div>
    )
  }
  return <MonacoHost {...props} />
}

function MonacoHost({ theme, onSave, onRun }: Props): React.JSX.Element {
  const { api } = useLab()
  const session = useProjectSession()
  const outcome = useSession((s) => s.compile)
  const spec = useSession((s) => s.draft.spec)
  const host = useRef<HTMLDivElement>(null)
  const [loaded, setLoaded] = useState<{ m: MonacoModule; editor: Editor } | null>(null)
  const actions = useRef({ onSave, onRun })
  actions.current = { onSave, onRun }

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once per project
  useEffect(() => {
    let disposed = false
    let editor: Editor | undefined
    void import('./monaco').then((m) => {
      if (disposed || !host.current) return
      const uri = m.monaco.Uri.parse('file:///scenario.ts')
      m.monaco.editor.getModel(uri)?.dispose()
      const model = m.monaco.editor.createModel(session.draft.script ?? '', 'typescript', uri)
      editor = m.monaco.editor.create(host.current, {
        model,
        theme: theme === 'dark' ? 'vs-dark' : 'vs',
        automaticLayout: true,
        minimap: { enabled: false },
        fontFamily: '"Source Code Pro", ui-monospace, monospace',
        fontSize: 13,
        tabSize: 2,
        scrollBeyondLastLine: false,
        renderLineHighlight: 'line',
        fixedOverflowWidgets: true,
      })
      model.onDidChangeContent(() => session.setScript(model.getValue()))
      const { KeyMod, KeyCode } = m.monaco
      editor.addAction({
        id: 'miglab.save',
        label: 'Format and save',
        keybindings: [KeyMod.CtrlCmd | KeyCode.KeyS],
        run: async (ed) => {
          await ed.getAction('editor.action.formatDocument')?.run()
          actions.current.onSave()
        },
      })
      editor.addAction({
        id: 'miglab.run',
        label: 'Run the study',
        keybindings: [KeyMod.CtrlCmd | KeyCode.Enter],
        contextMenuGroupId: 'navigation',
        run: () => actions.current.onRun(),
      })
      setLoaded({ m, editor })
    })
    return () => {
      disposed = true
      editor?.getModel()?.dispose()
      editor?.dispose()
    }
  }, [])

  useEffect(() => {
    loaded?.m.monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs')
  }, [loaded, theme])

  // The sandbox's errors, at the line and column it gives.
  useEffect(() => {
    const model = loaded?.editor.getModel()
    if (!loaded || !model) return
    const errors = outcome && !outcome.ok ? outcome.errors.filter(isScriptError) : []
    loaded.m.monaco.editor.setModelMarkers(
      model,
      'miglab',
      errors.map((e) => {
        const line = Math.min(Math.max(1, e.line ?? 1), model.getLineCount())
        const column = Math.max(1, e.column ?? 1)
        const word = model.getWordAtPosition({ lineNumber: line, column })
        return {
          severity: loaded.m.monaco.MarkerSeverity.Error,
          message: e.path ? `${e.path}: ${e.message}` : e.message,
          source: 'MigLab sandbox',
          startLineNumber: line,
          startColumn: word ? word.startColumn : column,
          endLineNumber: line,
          endColumn: word ? word.endColumn : model.getLineMaxColumn(line),
        }
      }),
    )
  }, [loaded, outcome])

  // The API's typings and this project's names, refreshed as the drawing changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new spec is what makes new names
  useEffect(() => {
    if (!loaded) return
    const timer = setTimeout(() => {
      api.typings(session.draft).then(
        (t) =>
          loaded.m.typescript.typescriptDefaults.setExtraLibs([
            { content: t.api, filePath: 'file:///node_modules/miglab/index.d.ts' },
            { content: t.names, filePath: 'file:///node_modules/miglab/names.d.ts' },
          ]),
        () => undefined,
      )
    }, TYPINGS_DELAY_MS)
    return () => clearTimeout(timer)
  }, [api, loaded, session, spec])

  return (
    <div className="script-editor" data-testid="script-editor">
      <div ref={host} className="monaco-host" />
      {loaded ? null : <div className="empty-state overlay">Loading the editor…</div>}
    </div>
  )
}
