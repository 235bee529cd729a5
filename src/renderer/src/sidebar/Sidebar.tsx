// The project sidebar: which project is open and whether it is saved, its elements by kind (drawn
// and generated), and the problems the last compile found. Clicking an element selects it on the
// canvas; clicking a problem selects what it is about.
import { useState } from 'react'
import { baseName } from '../shell/paths'
import { isScriptError, type Problem, useProblems } from '../state/problems'
import { linkName, topologyOf } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { Icon, type IconName } from '../ui/Icon'

/** Long lists show this many; search (Ctrl+F) finds the rest. */
const LIST_LIMIT = 150

interface Group {
  id: string
  title: string
  icon: IconName
  items: { key: string; name: string; generated: boolean; detail?: string }[]
}

export function Sidebar({ onReveal }: { onReveal: (keys: string[]) => void }): React.JSX.Element {
  const session = useProjectSession()
  const path = useSession((s) => s.path)
  const name = useSession((s) => s.draft.name)
  const dirty = useSession((s) => s.dirty)
  const spec = useSession((s) => s.draft.spec)
  const good = useSession((s) => s.good)
  const selection = useSession((s) => s.selection)
  const compiling = useSession((s) => s.compiling)
  const problems = useProblems()
  const [closed, setClosed] = useState<Set<string>>(new Set(['links']))

  const t = topologyOf(spec)
  const ct = good ? topologyOf(good.spec) : null
  const drawnNames = new Set([...t.networks, ...t.nodes].map((e) => e.name))
  const groups: Group[] = [
    {
      id: 'networks',
      title: 'Networks',
      icon: 'lan',
      items: [
        ...t.networks.map((n) => ({ key: `network:${n.name}`, name: n.name, generated: false, detail: n.kind })),
        ...(ct?.networks ?? [])
          .filter((n) => !drawnNames.has(n.name))
          .map((n) => ({ key: `network:${n.name}`, name: n.name, generated: true, detail: n.kind })),
      ],
    },
    {
      id: 'nodes',
      title: 'Hosts and routers',
      icon: 'host',
      items: [
        ...t.nodes.map((n) => ({ key: `node:${n.name}`, name: n.name, generated: false, detail: n.kind })),
        ...(ct?.nodes ?? [])
          .filter((n) => !drawnNames.has(n.name))
          .map((n) => ({ key: `node:${n.name}`, name: n.name, generated: true, detail: n.kind })),
      ],
    },
    {
      id: 'links',
      title: 'Links',
      icon: 'link',
      items: t.links.map((l) => ({
        key: `link:${linkName(l)}`,
        name: linkName(l),
        generated: false,
        detail: l.latency,
      })),
    },
    {
      id: 'processes',
      title: 'Processes',
      icon: 'process',
      items: [
        ...(spec.processes ?? []).map((p) => ({
          key: `process:${p.name}`,
          name: p.name,
          generated: false,
          detail: p.host,
        })),
        ...(good?.spec.processes ?? [])
          .filter((p) => !(spec.processes ?? []).some((d) => d.name === p.name))
          .map((p) => ({ key: `process:${p.name}`, name: p.name, generated: true, detail: p.host })),
      ],
    },
    {
      id: 'workloads',
      title: 'Workloads',
      icon: 'migrate',
      items: [
        ...(spec.workloads ?? []).map((w) => ({
          key: `workload:${w.name}`,
          name: w.name,
          generated: false,
          detail: w.kind,
        })),
        ...(good?.spec.workloads ?? [])
          .filter((w) => !(spec.workloads ?? []).some((d) => d.name === w.name))
          .map((w) => ({ key: `workload:${w.name}`, name: w.name, generated: true, detail: w.kind })),
      ],
    },
  ]
  const toggle = (id: string) => {
    const next = new Set(closed)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setClosed(next)
  }
  const select = (keys: string[]) => {
    session.select(keys)
    onReveal(keys)
  }
  return (
    <div className="sidebar" data-testid="sidebar">
      <div className="project-head">
        <div className="project-name" title={path}>
          <Icon name="book" />
          <strong data-testid="project-name">{name || baseName(path)}</strong>
          {dirty ? (
            <span className="dirty-dot" title="Unsaved changes (autosaved)" data-testid="dirty">
              ●
            </span>
          ) : null}
        </div>
        <div className="project-path muted small">{path}</div>
      </div>
      <nav className="tree" aria-label="Elements">
        {groups.map((g) => (
          <div key={g.id} className="tree-group">
            <button type="button" className="tree-head" aria-expanded={!closed.has(g.id)} onClick={() => toggle(g.id)}>
              <span className={`chevron${closed.has(g.id) ? '' : ' open'}`}>
                <Icon name="chevron" size={12} />
              </span>
              <Icon name={g.icon} size={14} />
              <span>{g.title}</span>
              <span className="count">{g.items.length}</span>
            </button>
            {closed.has(g.id) ? null : (
              <ul>
                {g.items.slice(0, LIST_LIMIT).map((i) => (
                  <li key={i.key}>
                    <button
                      type="button"
                      aria-pressed={selection.has(i.key)}
                      className={`tree-item${selection.has(i.key) ? ' selected' : ''}${i.generated ? ' generated' : ''}${problems.byElement.has(i.key) ? ' invalid' : ''}`}
                      title={i.generated ? 'Generated by scenario.ts' : undefined}
                      onClick={() => select([i.key])}
                    >
                      <span className="tree-name">{i.name}</span>
                      {i.generated ? <span className="tag">script</span> : null}
                      {problems.overridden.has(i.key) ? <span className="tag warn">changed by script</span> : null}
                      {i.detail ? <span className="muted tree-detail">{i.detail}</span> : null}
                    </button>
                  </li>
                ))}
                {g.items.length > LIST_LIMIT ? (
                  <li className="muted small tree-more">and {g.items.length - LIST_LIMIT} more: use Find (Ctrl+F)</li>
                ) : null}
              </ul>
            )}
          </div>
        ))}
      </nav>
      <div className="problems" data-testid="problems">
        <h3>
          Problems <span className="count">{problems.list.length}</span>
          {compiling ? <span className="muted small"> checking…</span> : null}
        </h3>
        {problems.list.length === 0 ? (
          <p className="muted small">{compiling ? '' : 'None: the study is ready to run.'}</p>
        ) : (
          <ul>
            {problems.list.map((p) => (
              <ProblemItem key={`${p.file}:${p.line}:${p.path}:${p.message}`} p={p} onSelect={select} />
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}

function ProblemItem({ p, onSelect }: { p: Problem; onSelect: (keys: string[]) => void }): React.JSX.Element {
  const where = isScriptError(p) ? `scenario.ts:${p.line ?? '?'}${p.column ? `:${p.column}` : ''}` : p.path || 'study'
  return (
    <li>
      <button
        type="button"
        className="problem"
        data-testid="problem"
        onClick={() => p.at.on === 'element' && onSelect([p.at.key])}
      >
        <Icon name="warning" size={13} />
        <span>
          <code>{where}</code> {p.message}
        </span>
      </button>
    </li>
  )
}
