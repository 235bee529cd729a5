// The topology canvas: plain Cytoscape through a ref. The spec is the truth; the canvas is a view
// of it that is diffed against the graph model on every change, and every gesture (move, link,
// drop, delete) becomes an edit of the spec through the session, so undo, autosave, the script's
// typings and validation all follow without the canvas knowing about them.
import cytoscape, { type Core, type EventObject, type NodeSingular } from 'cytoscape'
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react'
import { useProblems } from '../state/problems'
import { connect, moveElements } from '../state/spec-edit'
import { type ElementKey, type Position, parseKey } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { notify } from '../ui/notices'
import type { CanvasApi, LayoutName } from './canvas-api'
import { canvasStyle, type Theme } from './cy-style'
import { buildGraph, type GraphElement, keyOfCanvasId, processPosition } from './graph-model'
import { runLayout } from './layouts'

/** Above this many elements, Cytoscape draws a cached texture while panning and zooming. */
const LARGE_GRAPH = 600
const MAX_BUBBLES = 40

interface Bubble {
  id: string
  x: number
  y: number
  text: string
}

interface Props {
  apiRef: RefObject<CanvasApi | null>
  theme: Theme
  linkMode: boolean
  onSearchFocus: () => void
}

declare global {
  // The canvas instance, for the end-to-end tests that measure and drive it.
  var miglabCanvas: Core | undefined
}

export function TopologyCanvas({ apiRef, theme, linkMode, onSearchFocus }: Props): React.JSX.Element {
  const session = useProjectSession()
  const drawn = useSession((s) => s.draft.spec)
  const good = useSession((s) => s.good)
  const selection = useSession((s) => s.selection)
  const problems = useProblems()
  const graph = useMemo(() => buildGraph({ drawn, compiled: good?.spec ?? null, problems }), [drawn, good, problems])
  const container = useRef<HTMLDivElement>(null)
  const cyRef = useRef<Core | null>(null)
  /** Whether the canvas was created for a large graph (level of detail, decided once). */
  const largeRef = useRef(false)
  const graphRef = useRef(graph)
  graphRef.current = graph
  /** The graph the canvas shows, so an unchanged one is not diffed again (the first one, above all). */
  const shown = useRef<GraphElement[] | null>(null)
  const [bubbles, setBubbles] = useState<Bubble[]>([])
  const bubbleFrame = useRef(0)

  const refreshBubbles = () => {
    if (bubbleFrame.current) return
    bubbleFrame.current = requestAnimationFrame(() => {
      bubbleFrame.current = 0
      const cy = cyRef.current
      if (!cy) return
      const out: Bubble[] = []
      for (const el of cy.elements('.invalid')) {
        if (out.length >= MAX_BUBBLES) break
        const text = el.data('error') as string | undefined
        if (!text) continue
        const box = el.renderedBoundingBox({ includeLabels: false })
        const at = el.isEdge() ? { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 } : { x: box.x2, y: box.y1 }
        out.push({ id: el.id(), x: at.x, y: at.y, text })
      }
      setBubbles(out)
    })
  }

  // ---- create once --------------------------------------------------------------------------
  // The canvas is created once per project; later changes arrive through the effects below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once on purpose
  useEffect(() => {
    const initial = graphRef.current
    shown.current = initial
    const large = initial.length > LARGE_GRAPH
    const cy = cytoscape({
      container: container.current,
      elements: initial.map(toDefinition),
      style: canvasStyle(theme, large),
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: true,
      selectionType: 'single',
      hideEdgesOnViewport: large,
      textureOnViewport: large,
      pixelRatio: large ? 1 : 'auto',
    })
    cyRef.current = cy
    largeRef.current = large
    globalThis.miglabCanvas = cy
    cy.elements().forEach((el) => {
      el.scratch('_classes', el.classes().join(' '))
    })
    const vp = session.draft.layout.viewport as { zoom: number; pan: Position } | undefined
    if (vp && Number.isFinite(vp.zoom)) cy.viewport({ zoom: vp.zoom, pan: vp.pan })
    else cy.fit(undefined, 40)
    // Cytoscape watches only the window; the panes resize the canvas too. A project without a
    // saved view stays fitted to the canvas while the panes settle, until the user moves the view.
    let touched = vp !== undefined
    const touch = () => {
      touched = true
    }
    container.current?.addEventListener('pointerdown', touch, { once: true })
    container.current?.addEventListener('wheel', touch, { once: true, passive: true })
    const resized = new ResizeObserver(() => {
      cy.resize()
      if (!touched) cy.fit(undefined, 40)
    })
    if (container.current) resized.observe(container.current)

    // Selection: Cytoscape -> session, gathered once per tick (a box select fires per element).
    let selectionQueued = false
    cy.on('select unselect', () => {
      if (selectionQueued) return
      selectionQueued = true
      queueMicrotask(() => {
        selectionQueued = false
        session.select(new Set(cy.$(':selected').map((e) => keyOfCanvasId(e.id()))))
      })
    })

    // A host carries its processes along while dragged.
    cy.on('drag', 'node.host', (e: EventObject) => {
      const host = e.target as NodeSingular
      const name = parseKey(host.id()).name
      cy.nodes('.process')
        .filter((p) => p.data('host') === name && !p.grabbed())
        .forEach((p) => {
          p.position(processPosition(host.position(), p.data('slot') as number))
        })
    })

    // Moves end in one edit, however many nodes were dragged together.
    const moved = new Map<ElementKey, Position>()
    let moveQueued = false
    cy.on('dragfree', 'node', (e: EventObject) => {
      const n = e.target as NodeSingular
      if (n.hasClass('process')) {
        dropProcess(n)
        return
      }
      moved.set(n.id(), { x: Math.round(n.position('x')), y: Math.round(n.position('y')) })
      if (moveQueued) return
      moveQueued = true
      queueMicrotask(() => {
        moveQueued = false
        const positions = new Map(moved)
        moved.clear()
        const label =
          positions.size === 1 ? `Move ${parseKey([...positions.keys()][0]!).name}` : `Move ${positions.size} elements`
        session.edit(label, (spec) => moveElements(spec, positions))
      })
    })

    // A process dropped on another host starts there; dropped elsewhere it goes back.
    const dropProcess = (p: NodeSingular) => {
      const target = nodeAtModel(cy, p.position(), ['node'], p.id())
      const name = parseKey(p.id()).name
      const host = target ? parseKey(target).name : null
      if (host && host !== p.data('host') && cy.$id(target!).hasClass('host')) {
        session.edit(`Start ${name} on ${host}`, (spec) => ({
          next: { ...spec, processes: (spec.processes ?? []).map((x) => (x.name === name ? { ...x, host } : x)) },
          select: [p.id()],
        }))
      } else {
        const h = cy.$id(`node:${p.data('host')}`)
        if (h.nonempty()) p.position(processPosition(h.position(), p.data('slot') as number))
      }
    }

    // A tap on empty canvas selects nothing: the inspector goes back to the study's settings.
    cy.on('tap', (e: EventObject) => {
      if (e.target === cy) session.selectEvent(null)
    })

    let viewportTimer = 0
    cy.on('viewport', () => {
      refreshBubbles()
      clearTimeout(viewportTimer)
      viewportTimer = window.setTimeout(() => session.setLayout({ viewport: { zoom: cy.zoom(), pan: cy.pan() } }), 400)
    })
    cy.on('position', refreshBubbles)
    refreshBubbles()

    return () => {
      clearTimeout(viewportTimer)
      resized.disconnect()
      cy.destroy()
      cyRef.current = null
      globalThis.miglabCanvas = undefined
    }
  }, [])

  // ---- the spec changed: diff ---------------------------------------------------------------
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshBubbles only schedules a frame
  useEffect(() => {
    const cy = cyRef.current
    if (!cy || shown.current === graph) return
    shown.current = graph
    syncGraph(cy, graph)
    refreshBubbles()
  }, [graph])

  useEffect(() => {
    cyRef.current?.style(canvasStyle(theme, largeRef.current))
  }, [theme])

  // ---- the session's selection -> Cytoscape ----------------------------------------------------
  useEffect(() => {
    const cy = cyRef.current
    if (!cy) return
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const want = selection.has(keyOfCanvasId(el.id()))
        if (want && !el.selected()) el.select()
        else if (!want && el.selected()) el.unselect()
      })
    })
  }, [selection])

  // ---- link mode: drag from one element to another ---------------------------------------------
  useEffect(() => {
    const cy = cyRef.current
    if (!cy || !linkMode) return
    cy.autoungrabify(true)
    cy.boxSelectionEnabled(false)
    let source: string | null = null
    let over: string | null = null
    const setOver = (key: string | null) => {
      if (over === key) return
      if (over) cy.$id(over).removeClass('drop-target')
      over = key
      if (over) cy.$id(over).addClass('drop-target')
    }
    const cleanup = () => {
      cy.remove('.link-ui')
      setOver(null)
      source = null
      cy.userPanningEnabled(true)
    }
    const onStart = (e: EventObject) => {
      const t = e.target
      if (t === cy || !t.isNode() || t.hasClass('process') || t.hasClass('generated')) return
      source = t.id()
      cy.userPanningEnabled(false)
      cy.add([
        {
          group: 'nodes',
          data: { id: '__cursor' },
          classes: 'link-cursor link-ui',
          position: { ...e.position },
          selectable: false,
          grabbable: false,
        },
        {
          group: 'edges',
          data: { id: '__preview', source: source, target: '__cursor' },
          classes: 'link-preview link-ui',
        },
      ])
    }
    const onDrag = (e: EventObject) => {
      if (!source) return
      cy.$id('__cursor').position({ ...e.position })
      const t = nodeAtModel(cy, e.position, ['node', 'network'], '__cursor')
      setOver(t && t !== source ? t : null)
    }
    const onEnd = (e: EventObject) => {
      if (!source) return
      const from = source
      const to = nodeAtModel(cy, e.position, ['node', 'network'], '__cursor')
      cleanup()
      if (!to || to === from) return
      const result = connect(session.draft.spec, from, to)
      if (!result.ok) {
        notify(result.message, 'error')
        return
      }
      session.edit(`Link ${parseKey(from).name} and ${parseKey(to).name}`, () => ({
        next: result.spec,
        select: [result.created],
      }))
    }
    cy.on('tapstart', onStart)
    cy.on('tapdrag', onDrag)
    cy.on('tapend', onEnd)
    return () => {
      cy.off('tapstart', onStart)
      cy.off('tapdrag', onDrag)
      cy.off('tapend', onEnd)
      cleanup()
      cy.autoungrabify(false)
      cy.boxSelectionEnabled(true)
    }
  }, [linkMode, session])

  // ---- what the workbench may ask ------------------------------------------------------------
  useEffect(() => {
    const toModel = (clientX: number, clientY: number): Position | null => {
      const cy = cyRef.current
      const box = container.current?.getBoundingClientRect()
      if (!cy || !box) return null
      if (clientX < box.left || clientX > box.right || clientY < box.top || clientY > box.bottom) return null
      const pan = cy.pan()
      const zoom = cy.zoom()
      return { x: (clientX - box.left - pan.x) / zoom, y: (clientY - box.top - pan.y) / zoom }
    }
    let highlighted: string | null = null
    apiRef.current = {
      modelAt: toModel,
      elementAt(clientX, clientY, kinds) {
        const cy = cyRef.current
        const at = toModel(clientX, clientY)
        return cy && at ? nodeAtModel(cy, at, kinds) : null
      },
      highlight(key) {
        const cy = cyRef.current
        if (!cy || key === highlighted) return
        if (highlighted) cy.$id(highlighted).removeClass('drop-target')
        highlighted = key
        if (key) cy.$id(key).addClass('drop-target')
      },
      fit() {
        cyRef.current?.fit(undefined, 40)
      },
      center(keys) {
        const cy = cyRef.current
        if (!cy || keys.length === 0) return
        let els = cy.collection()
        for (const k of keys) els = els.union(cy.$id(k))
        if (els.length === 1) cy.animate({ center: { eles: els }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 })
        else if (els.length > 1) cy.fit(els, 60)
      },
      async layout(name: LayoutName) {
        const cy = cyRef.current
        if (!cy) return
        const positions = await runLayout(cy, name)
        session.edit(`Auto layout (${name})`, (spec) => moveElements(spec, positions))
        cy.fit(undefined, 40)
      },
      viewCenter() {
        const cy = cyRef.current
        if (!cy) return { x: 0, y: 0 }
        const e = cy.extent()
        return { x: Math.round((e.x1 + e.x2) / 2), y: Math.round((e.y1 + e.y2) / 2) }
      },
      focusSearch: onSearchFocus,
      find(text) {
        const cy = cyRef.current
        if (!cy) return []
        const needle = text.trim().toLowerCase()
        const found: ElementKey[] = []
        cy.batch(() => {
          cy.elements().removeClass('match dim')
          if (needle === '') return
          cy.nodes().forEach((n) => {
            if (parseKey(n.id()).name.toLowerCase().includes(needle)) {
              n.addClass('match')
              found.push(n.id())
            } else n.addClass('dim')
          })
          cy.edges().addClass('dim')
        })
        return found
      },
    }
    return () => {
      apiRef.current = null
    }
  }, [apiRef, session, onSearchFocus])

  return (
    <div className={`canvas-wrap${linkMode ? ' link-mode' : ''}`}>
      <div
        ref={container}
        className="canvas"
        data-testid="topology-canvas"
        tabIndex={-1}
        role="application"
        aria-label="Topology canvas"
      />
      <div className="bubbles" aria-live="polite">
        {bubbles.map((b) => (
          <div
            key={b.id}
            className="bubble"
            style={{ left: b.x + 4, top: b.y - 8 }}
            title={b.text}
            data-testid="canvas-error"
            data-element={keyOfCanvasId(b.id)}
          >
            {b.text.split('\n')[0]}
          </div>
        ))}
      </div>
    </div>
  )
}

function toDefinition(e: GraphElement): cytoscape.ElementDefinition {
  const generated = e.classes.split(' ').includes('generated')
  return {
    group: e.group,
    data: e.data,
    classes: e.classes,
    ...(e.position ? { position: { ...e.position } } : {}),
    grabbable: !generated,
  }
}

/** Adds, removes and updates only what differs between the canvas and the model. */
function syncGraph(cy: Core, graph: GraphElement[]): void {
  const want = new Map(graph.map((e) => [e.data.id, e]))
  cy.batch(() => {
    cy.elements().forEach((el) => {
      if (!want.has(el.id()) && !el.hasClass('link-ui')) cy.remove(el)
    })
    const add: cytoscape.ElementDefinition[] = []
    for (const e of graph) {
      const el = cy.getElementById(e.data.id)
      if (el.empty()) {
        add.push(toDefinition(e))
        continue
      }
      const d = el.data()
      if (d.label !== e.data.label || d.error !== e.data.error || d.host !== e.data.host || d.slot !== e.data.slot) {
        el.data({ ...e.data, error: e.data.error })
        if (!e.data.error) el.removeData('error')
      }
      if (el.scratch('_classes') !== e.classes) {
        el.classes(e.classes)
        el.scratch('_classes', e.classes)
      }
      if (e.position && el.isNode() && !el.grabbed()) {
        const p = el.position()
        if (p.x !== e.position.x || p.y !== e.position.y) el.position({ ...e.position })
      }
    }
    if (add.length) {
      const added = cy.add(add)
      added.forEach((el) => {
        el.scratch('_classes', el.classes().join(' '))
      })
    }
  })
}

/** The topmost node of the given kinds whose box holds a model point. */
function nodeAtModel(
  cy: Core,
  at: Position,
  kinds: readonly ('node' | 'network' | 'process')[],
  except?: string,
): ElementKey | null {
  let found: ElementKey | null = null
  cy.nodes().forEach((n) => {
    if (n.id() === except || n.hasClass('link-ui')) return
    if (!kinds.includes(parseKey(n.id()).kind as 'node')) return
    const bb = n.boundingBox({ includeLabels: false })
    if (at.x >= bb.x1 && at.x <= bb.x2 && at.y >= bb.y1 && at.y <= bb.y2) found = n.id()
  })
  return found
}
