// Help > About (versions, which transport) and Help > Keyboard shortcuts (from the commands).
import { useLab } from '../lab/use-lab'
import { Dialog } from '../ui/Dialog'
import { type Command, MENUS } from './commands'

export function AboutDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const { info } = useLab()
  return (
    <Dialog title="About MigLab" onClose={onClose}>
      <p>A desktop laboratory for process migration and Internet naming.</p>
      <dl className="about">
        <dt>MigLab</dt>
        <dd>{info.miglab}</dd>
        <dt>Engine</dt>
        <dd>{info.engine}</dd>
        <dt>Node</dt>
        <dd>{info.node}</dd>
        {info.electron ? (
          <>
            <dt>Electron</dt>
            <dd>{info.electron}</dd>
          </>
        ) : null}
        <dt>Running</dt>
        <dd>{info.transport === 'browser' ? 'in a browser, against miglab serve' : 'as the desktop app'}</dd>
      </dl>
    </Dialog>
  )
}

export function ShortcutsDialog({
  commands,
  onClose,
}: {
  commands: Map<string, Command>
  onClose: () => void
}): React.JSX.Element {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} wide>
      <div className="shortcut-columns">
        {MENUS.map((m) => (
          <section key={m.title}>
            <h3>{m.title}</h3>
            <table className="shortcuts">
              <tbody>
                {m.items.map((id) => {
                  const c = id === '-' ? undefined : commands.get(id)
                  if (!c?.keys) return null
                  return (
                    <tr key={id}>
                      <td>{c.label}</td>
                      <td>
                        {c.keys.split('|').map((k) => (
                          <kbd key={k}>{k}</kbd>
                        ))}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </section>
        ))}
        <section>
          <h3>Canvas</h3>
          <table className="shortcuts">
            <tbody>
              <tr>
                <td>Select several</td>
                <td>
                  <kbd>Shift</kbd>+click, <kbd>Shift</kbd>+drag a box
                </td>
              </tr>
              <tr>
                <td>Pan / zoom</td>
                <td>drag the background / wheel</td>
              </tr>
              <tr>
                <td>Leave link mode</td>
                <td>
                  <kbd>Esc</kbd>
                </td>
              </tr>
            </tbody>
          </table>
        </section>
      </div>
    </Dialog>
  )
}
