// What the timeline's colours and markers mean, drawn with the same colours and shapes.
import type { Theme } from '../../topology/cy-style'
import {
  POINT_KINDS,
  POINT_LOOKS,
  POINT_TITLES,
  SEGMENT_KINDS,
  SEGMENT_TITLES,
  segmentBand,
  segmentColor,
} from './timeline-model'

/** The marker of an event kind as a 12 px SVG, the shapes ECharts draws for the same symbol names. */
function Marker({ symbol, color }: { symbol: string; color: string }): React.JSX.Element {
  const empty = symbol.startsWith('empty')
  const shape = empty ? symbol.slice(5).toLowerCase() : symbol
  const paint = empty ? { fill: 'none', stroke: color, strokeWidth: 1.5 } : { fill: color }
  const body =
    shape === 'circle' ? (
      <circle cx="6" cy="6" r="4" {...paint} />
    ) : shape === 'triangle' ? (
      <path d="M6 1.5 L10.5 10 L1.5 10 Z" {...paint} />
    ) : shape === 'diamond' ? (
      <path d="M6 1 L11 6 L6 11 L1 6 Z" {...paint} />
    ) : shape === 'rect' ? (
      <rect x="2" y="2" width="8" height="8" {...paint} />
    ) : (
      <path d="M6 11 C3 7 2 5.5 2 4.5 A4 4 0 0 1 10 4.5 C10 5.5 9 7 6 11 Z" {...paint} />
    )
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      {body}
    </svg>
  )
}

export function Legend({ theme }: { theme: Theme }): React.JSX.Element {
  return (
    <div className="rv-legend small" data-testid="timeline-legend">
      {SEGMENT_KINDS.map((k) => (
        <span key={k} className="rv-legend-item">
          <span
            className="rv-swatch"
            style={{
              background: segmentColor(k, theme),
              height: segmentBand(k).height > 0.3 ? 10 : 5,
            }}
          />
          {SEGMENT_TITLES[k]}
        </span>
      ))}
      {POINT_KINDS.map((k) => (
        <span key={k} className="rv-legend-item">
          <Marker symbol={POINT_LOOKS[k].symbol} color={POINT_LOOKS[k].color[theme]} />
          {POINT_TITLES[k]}
        </span>
      ))}
    </div>
  )
}
