// The first question of every study — how intrusive is each architecture to application
// programmers? — as the matrix of the architectures' static profiles (naming/profiles.ts, the
// same data the report's LaTeX/Markdown matrix is made of): what must change in each part of the
// system, whether an unmodified remote peer still works, and each architecture's rationale. The
// architecture under the pointer in the efficiency figures is highlighted here, so both answers
// are read together.
import {
  type ChangeLevel,
  DIMENSION_TITLES,
  INTRUSIVENESS_DIMENSIONS,
  PROFILES,
} from '../../../../engine/naming/profiles'
import { architectureLabel, architectureTitle } from '../../../../engine/report/labels'

/** Column heads short enough for a narrow pane; the full titles are their tooltips. */
const SHORT: Record<(typeof INTRUSIVENESS_DIMENSIONS)[number], string> = {
  application: 'App code',
  socketApi: 'Socket API',
  clusterKernel: 'Host kernel',
  clusterInfrastructure: 'Cluster infra',
  remoteStack: 'Peer stack',
  remoteApplication: 'Peer app',
}

const LEVEL: Record<ChangeLevel, { symbol: string; meaning: string }> = {
  yes: { symbol: '●', meaning: 'must change' },
  partial: { symbol: '◐', meaning: 'changes in some configurations, or only for an optimisation' },
  no: { symbol: '○', meaning: 'unchanged' },
}

const LEGACY: Record<'yes' | 'partial' | 'no', { text: string; meaning: string }> = {
  yes: { text: 'yes', meaning: 'an unmodified remote peer keeps working' },
  partial: { text: 'partly', meaning: 'an unmodified remote peer works with limits' },
  no: { text: 'no', meaning: 'the remote peer must be modified' },
}

/** How many parts must change (partial counts half): the matrix's one-number summary per row. */
export function burden(architecture: string): number {
  const p = PROFILES[architecture]
  if (!p) return Number.NaN
  return INTRUSIVENESS_DIMENSIONS.reduce(
    (sum, d) => sum + (p.changes[d].level === 'yes' ? 1 : p.changes[d].level === 'partial' ? 0.5 : 0),
    0,
  )
}

interface Props {
  architectures: string[]
  /** The architecture to highlight (hovered in a figure, or chosen here). */
  highlight: string | null
  selected: string | null
  onSelect: (architecture: string) => void
}

export function IntrusivenessMatrix({ architectures, highlight, selected, onSelect }: Props): React.JSX.Element {
  const known = architectures.filter((a) => a in PROFILES)
  const unknown = architectures.filter((a) => !(a in PROFILES))
  const shown = highlight ?? selected ?? known[0] ?? null
  const profile = shown ? PROFILES[shown] : undefined
  return (
    <div className="matrix" data-testid="intrusiveness-matrix">
      <table className="matrix-table">
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            {INTRUSIVENESS_DIMENSIONS.map((d) => (
              <th key={d} scope="col" title={`${DIMENSION_TITLES[d]} must change?`}>
                {SHORT[d]}
              </th>
            ))}
            <th scope="col" title="Does an unmodified (legacy) remote peer still work?">
              Legacy peer
            </th>
          </tr>
        </thead>
        <tbody>
          {known.map((a) => {
            const p = PROFILES[a]
            const classes = [a === highlight ? 'highlight' : '', a === shown ? 'shown' : ''].filter(Boolean).join(' ')
            return (
              <tr
                key={a}
                className={classes || undefined}
                data-testid={`matrix-row-${a}`}
                aria-selected={a === shown}
                onClick={() => onSelect(a)}
              >
                <th scope="row" title={architectureTitle(a)}>
                  {architectureLabel(a)}
                </th>
                {INTRUSIVENESS_DIMENSIONS.map((d) => {
                  const c = p.changes[d]
                  return (
                    <td
                      key={d}
                      className={`level level-${c.level}`}
                      title={`${DIMENSION_TITLES[d]}: ${LEVEL[c.level].meaning}${c.note ? ` — ${c.note}` : ''}`}
                    >
                      {LEVEL[c.level].symbol}
                    </td>
                  )
                })}
                <td
                  className={`legacy legacy-${p.legacyPeer.works}`}
                  title={`${LEGACY[p.legacyPeer.works].meaning}${p.legacyPeer.note ? ` — ${p.legacyPeer.note}` : ''}`}
                >
                  {LEGACY[p.legacyPeer.works].text}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="matrix-legend muted small">
        {(['yes', 'partial', 'no'] as const).map((l) => (
          <span key={l}>
            <span className={`level level-${l}`}>{LEVEL[l].symbol}</span> {LEVEL[l].meaning}
          </span>
        ))}
      </p>
      {unknown.length > 0 ? (
        <p className="banner warn small">No intrusiveness profile for {unknown.join(', ')}.</p>
      ) : null}
      {shown && profile ? (
        <section className="rationale" data-testid="matrix-rationale" aria-live="polite">
          <h4>
            {architectureTitle(shown)}
            <span className="muted small"> · {burden(shown)} of 6 parts change</span>
          </h4>
          <p>{profile.rationale}</p>
          <ul className="muted small">
            {INTRUSIVENESS_DIMENSIONS.filter((d) => profile.changes[d].note).map((d) => (
              <li key={d}>
                <b>{DIMENSION_TITLES[d]}</b>: {profile.changes[d].note}
              </li>
            ))}
            {profile.legacyPeer.note ? (
              <li>
                <b>Legacy peer</b>: {profile.legacyPeer.note}
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
