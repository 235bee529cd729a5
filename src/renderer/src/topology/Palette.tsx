// The palette: what can be placed on the canvas. Drag an item onto the canvas to place it where it
// is dropped (a process onto a host, an agent onto the node that runs it, or onto empty space for
// a new infrastructure host); click an item to place it in the middle of the view.
import { type RefObject, useEffect, useRef, useState } from 'react'
import { useLab } from '../lab/use-lab'
import type { Edit, ProjectSession } from '../state/session'
import { addNetwork, addNode, addProcess, setAgent } from '../state/spec-edit'
import { type Position, parseKey, type SpecInput } from '../state/spec-types'
import { useProjectSession } from '../state/use-session'
import { Icon, type IconName } from '../ui/Icon'
import { notify } from '../ui/notices'
import { beginPointerDrag } from '../ui/pointer-drag'
import { type AgentRole, availableAgents } from './agents'
import type { CanvasApi } from './canvas-api'

interface Item {
  id: string
  label: string
  icon: IconName
  hint: string
  /** What dropping the item at a model position (over an element, maybe) does. */
  place: (spec: SpecInput, at: Position, over: string | null) => Edit | string
}

const nodeItems: Item[] = [
  {
    id: 'host',
    label: 'Workstation',
    icon: 'host',
    hint: 'A cluster host: attach it to a LAN and processes can run and move here',
    place: (spec, at) => {
      const [next, name] = addNode(spec, 'host', at, { base: 'ws' })
      return { next, select: [`node:${name}`] }
    },
  },
  {
    id: 'remote',
    label: 'Remote host',
    icon: 'host',
    hint: 'A machine outside the cluster that talks to it (a user, a peer, a client)',
    place: (spec, at) => {
      const [next, name] = addNode(spec, 'host', at, { base: 'remote', role: 'remote' })
      return { next, select: [`node:${name}`] }
    },
  },
  {
    id: 'router',
    label: 'Router',
    icon: 'router',
    hint: 'A gateway between networks; routers run agents, not processes',
    place: (spec, at) => {
      const [next, name] = addNode(spec, 'router', at, { base: 'gw' })
      return { next, select: [`node:${name}`] }
    },
  },
  {
    id: 'lan',
    label: 'Cluster LAN',
    icon: 'lan',
    hint: 'A switched Ethernet with ARP: the cluster network',
    place: (spec, at) => {
      const [next, name] = addNetwork(spec, 'lan', at)
      return { next, select: [`network:${name}`] }
    },
  },
  {
    id: 'wan',
    label: 'WAN cloud',
    icon: 'wan',
    hint: 'A routed wide-area network with a delay per attachment',
    place: (spec, at) => {
      const [next, name] = addNetwork(spec, 'wan', at)
      return { next, select: [`network:${name}`] }
    },
  },
  {
    id: 'process',
    label: 'Process',
    icon: 'process',
    hint: 'Drop it on a cluster host: the process starts there',
    place: (spec, _at, over) => {
      if (!over || parseKey(over).kind !== 'node') return 'drop a process on a host'
      const host = parseKey(over).name
      const node = spec.topology?.nodes?.find((n) => n.name === host)
      if (node?.kind !== 'host') return `${host} is a router; processes run on hosts`
      const [next, name] = addProcess(spec, host)
      return { next, select: [`process:${name}`] }
    },
  },
]

function agentItem(a: AgentRole): Item {
  return {
    id: `agent-${a.role}`,
    label: a.title,
    icon: 'agent',
    hint: `Drop it on the node that runs it (used by ${a.usedBy.join(', ')}), or on empty space for a new server`,
    place: (spec, at, over) => {
      if (over && parseKey(over).kind === 'node') {
        return { next: setAgent(spec, a.role, parseKey(over).name), select: [over] }
      }
      const [withHost, name] = addNode(spec, 'host', at, {
        base: a.role.replace(/[A-Z].*/, ''),
        role: 'infrastructure',
      })
      return { next: setAgent(withHost, a.role, name), select: [`node:${name}`] }
    },
  }
}

function apply(session: ProjectSession, item: Item, at: Position, over: string | null): void {
  const out = item.place(session.draft.spec, at, over)
  if (typeof out === 'string') {
    notify(out, 'error')
    return
  }
  session.edit(`Add ${item.label.toLowerCase()}`, () => out)
}

interface PendingAgent {
  at: Position
  over: string | null
  /** Where on the screen to show the chooser. */
  x: number
  y: number
}

export function Palette({ canvas }: { canvas: RefObject<CanvasApi | null> }): React.JSX.Element {
  const session = useProjectSession()
  const { catalog } = useLab()
  const agents = availableAgents(catalog)
  // An agent is placed like any item, then its role chosen where it landed: one palette entry
  // instead of one per architecture keeps the palette on one row.
  const [pending, setPending] = useState<PendingAgent | null>(null)
  const render = (item: Item, place: (at: Position, over: string | null, x: number, y: number) => void) => (
    <button
      key={item.id}
      type="button"
      className="palette-item"
      title={item.hint}
      data-testid={`palette-${item.id}`}
      onPointerDown={(e) =>
        beginPointerDrag(e, {
          ghost: item.label,
          move: (x, y) => canvas.current?.highlight(canvas.current.elementAt(x, y, ['node'])),
          drop: (x, y) => {
            const c = canvas.current
            c?.highlight(null)
            const at = c?.modelAt(x, y)
            if (!c || !at) return
            place({ x: Math.round(at.x), y: Math.round(at.y) }, c.elementAt(x, y, ['node']), x, y)
          },
          cancel: () => canvas.current?.highlight(null),
        })
      }
      onClick={(e) => {
        // A click (no drag) places the item in the middle of the view; keyboard users get here too.
        if (e.detail > 1) return
        const c = canvas.current
        if (!c) return
        const selected = [...session.selection].find((k) => parseKey(k).kind === 'node') ?? null
        const box = e.currentTarget.getBoundingClientRect()
        place(c.viewCenter(), selected, box.left, box.bottom + 4)
      }}
    >
      <Icon name={item.icon} size={18} />
      <span>{item.label}</span>
    </button>
  )
  return (
    <div className="palette" role="toolbar" aria-label="Palette">
      {nodeItems.map((item) => render(item, (at, over) => apply(session, item, at, over)))}
      {agents.length > 0
        ? render(
            {
              id: 'agent',
              label: 'Agent…',
              icon: 'agent',
              hint: 'An infrastructure agent (home agent, rendezvous server…): drop it on the node that runs it, or on empty space for a new server',
              place: () => 'unused',
            },
            (at, over, x, y) => setPending({ at, over, x, y }),
          )
        : null}
      {pending ? (
        <AgentChooser
          agents={agents}
          at={pending}
          onChoose={(a) => {
            setPending(null)
            apply(session, agentItem(a), pending.at, pending.over)
          }}
          onClose={() => setPending(null)}
        />
      ) : null}
    </div>
  )
}

function AgentChooser(props: {
  agents: AgentRole[]
  at: PendingAgent
  onChoose: (a: AgentRole) => void
  onClose: () => void
}): React.JSX.Element {
  const menu = useRef<HTMLDivElement>(null)
  useEffect(() => {
    menu.current?.querySelector('button')?.focus()
    const away = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) props.onClose()
    }
    const key = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose()
    window.addEventListener('pointerdown', away)
    window.addEventListener('keydown', key)
    return () => {
      window.removeEventListener('pointerdown', away)
      window.removeEventListener('keydown', key)
    }
  }, [props.onClose])
  const over = props.at.over ? parseKey(props.at.over).name : null
  return (
    <div
      ref={menu}
      className="menu-popup agent-chooser"
      role="menu"
      aria-label="Which agent"
      style={{ left: props.at.x, top: props.at.y }}
      data-testid="agent-chooser"
    >
      <div className="menu-caption">{over ? `Run on ${over}:` : 'New server running:'}</div>
      {props.agents.map((a) => (
        <button
          key={a.role}
          type="button"
          role="menuitem"
          className="menu-item"
          data-testid={`agent-${a.role}`}
          onClick={() => props.onChoose(a)}
        >
          <span>{a.title}</span>
          <span className="muted small">{a.usedBy.join(', ')}</span>
        </button>
      ))}
    </div>
  )
}
