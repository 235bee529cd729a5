// The open project as the editor holds it: the draft (drawn spec, layout, script), one undo/redo
// history for every edit of it, the selection, and the latest compile outcome. A plain observable
// object rather than React state, because the canvas (Cytoscape), Monaco and the forms all read
// and write it, and each re-renders only for the part it selects (useSession).
import type { CompileOutcome, ProjectDraft } from '../../../service/api'
import type { EventRef } from './spec-edit'
import type { ElementKey, SpecInput } from './spec-types'

/** An event of the time strip, selected for the inspector (which owner return, for an eviction). */
export interface SelectedEvent {
  ref: EventRef
  returnIndex?: number
  /** Added by the script: shown, not edited. */
  generated: boolean
}

export interface Edit {
  next: SpecInput
  /** What to select afterwards (for example what was just added). */
  select?: ElementKey[]
}

interface Step {
  draft: ProjectDraft
  label: string
}

const HISTORY_LIMIT = 200
let sessions = 0

export class ProjectSession {
  /** Tells sessions apart (React keys): reopening a project gives a fresh canvas and editor. */
  readonly id = ++sessions
  draft: ProjectDraft
  selection: ReadonlySet<ElementKey> = new Set()
  /** The time-strip event the inspector shows; selecting elements clears it. */
  event: SelectedEvent | null = null
  compile: CompileOutcome | null = null
  /** The latest outcome without errors: its generated elements stay drawn while the script is mid-edit. */
  good: Extract<CompileOutcome, { ok: true }> | null = null
  compiling = false
  /** What the project's files hold; layout changes alone do not make a project unsaved. */
  private saved: Pick<ProjectDraft, 'spec' | 'script' | 'name'>
  private past: Step[] = []
  private future: Step[] = []
  private readonly listeners = new Set<() => void>()

  constructor(
    public path: string,
    draft: ProjectDraft,
    /** A recovered autosave makes the project dirty from the start: it differs from the files. */
    savedDraft: ProjectDraft = draft,
  ) {
    this.draft = draft
    this.saved = savedDraft
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(): void {
    for (const l of this.listeners) l()
  }

  get dirty(): boolean {
    return (
      this.draft.spec !== this.saved.spec ||
      this.draft.script !== this.saved.script ||
      this.draft.name !== this.saved.name
    )
  }

  get undoLabel(): string | null {
    return this.past.at(-1)?.label ?? null
  }

  get redoLabel(): string | null {
    return this.future.at(-1)?.label ?? null
  }

  /** An edit of the spec: one step of the history. */
  edit(label: string, change: (spec: SpecInput) => Edit | SpecInput): void {
    const out = change(this.draft.spec)
    // A spec has no `next` field, so this tells the two kinds of answer apart.
    const edit: Edit = 'next' in out ? (out as Edit) : { next: out }
    if (edit.next === this.draft.spec) return
    this.past.push({ draft: this.draft, label })
    if (this.past.length > HISTORY_LIMIT) this.past.shift()
    this.future = []
    this.draft = { ...this.draft, spec: edit.next }
    if (edit.select) this.selection = new Set(edit.select)
    else this.pruneSelection()
    this.emit()
  }

  setName(name: string): void {
    if (name === this.draft.name) return
    this.draft = { ...this.draft, name }
    this.emit()
  }

  /** The script changes with every keystroke; Monaco keeps its own undo for it. */
  setScript(script: string | null): void {
    if (script === this.draft.script) return
    this.draft = { ...this.draft, script }
    this.emit()
  }

  /** Editor layout (viewport...): saved with the project, but not an edit to undo. */
  setLayout(patch: Record<string, unknown>): void {
    this.draft = { ...this.draft, layout: { ...this.draft.layout, ...patch } }
    this.emit()
  }

  undo(): boolean {
    return this.travel(this.past, this.future)
  }

  redo(): boolean {
    return this.travel(this.future, this.past)
  }

  private travel(from: Step[], to: Step[]): boolean {
    const step = from.pop()
    if (!step) return false
    to.push({ draft: this.draft, label: step.label })
    // The script is not part of the canvas history: undoing a move must not undo typing.
    this.draft = { ...step.draft, script: this.draft.script, layout: this.draft.layout }
    this.pruneSelection()
    this.emit()
    return true
  }

  select(keys: Iterable<ElementKey>): void {
    const next = new Set(keys)
    if (next.size === this.selection.size && [...next].every((k) => this.selection.has(k))) return
    this.selection = next
    if (next.size > 0) this.event = null
    this.emit()
  }

  selectEvent(event: SelectedEvent | null): void {
    this.event = event
    if (event) this.selection = new Set()
    this.emit()
  }

  setCompile(outcome: CompileOutcome | null, compiling: boolean): void {
    this.compile = outcome
    if (outcome?.ok) this.good = outcome
    this.compiling = compiling
    this.emit()
  }

  setCompiling(compiling: boolean): void {
    if (this.compiling === compiling) return
    this.compiling = compiling
    this.emit()
  }

  markSaved(draft: ProjectDraft, path = this.path): void {
    this.saved = draft
    this.path = path
    this.emit()
  }

  /** Drops selected keys and events whose element no longer exists (after a delete, an undo). */
  private pruneSelection(): void {
    const spec = this.draft.spec
    if (this.event && !this.event.generated && !(spec[this.event.ref.list] ?? [])[this.event.ref.index])
      this.event = null
    if (this.selection.size === 0) return
    const names = new Set<string>([
      ...(spec.topology?.networks ?? []).map((n) => `network:${n.name}`),
      ...(spec.topology?.nodes ?? []).map((n) => `node:${n.name}`),
      ...(spec.topology?.links ?? []).map((l) => `link:${l.name ?? `${l.a}-${l.b}`}`),
      ...(spec.topology?.nodes ?? []).flatMap((n) => (n.attach ?? []).map((a) => `attach:${n.name}/${a.network}`)),
      ...(spec.processes ?? []).map((p) => `process:${p.name}`),
      ...(spec.workloads ?? []).map((w) => `workload:${w.name}`),
    ])
    const kept = [...this.selection].filter((k) => names.has(k))
    if (kept.length !== this.selection.size) this.selection = new Set(kept)
  }
}
