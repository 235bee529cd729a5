import { dismiss, useNotices } from './notices'

/** The notices, bottom-centre, announced to screen readers. */
export function Notices(): React.JSX.Element {
  const list = useNotices()
  return (
    <div className="notices" role="status" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
