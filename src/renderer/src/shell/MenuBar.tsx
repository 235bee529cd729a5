// The in-page menu bar of the browser app (the desktop app has native menus with the same
// commands). Click a title to open its menu; moving across titles switches menus while one is
// open; Escape or a click elsewhere closes it.
import { useEffect, useRef, useState } from 'react'
import { type Command, MENUS } from './commands'

export function MenuBar({ commands }: { commands: Map<string, Command> }): React.JSX.Element {
  const [open, setOpen] = useState<string | null>(null)
  const bar = useRef<HTMLElement>(null)
  useEffect(() => {
    if (!open) return
    const close = (e: PointerEvent) => {
      if (!bar.current?.contains(e.target as Node)) setOpen(null)
    }
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(null)
    }
    window.addEventListener('pointerdown', close)
    window.addEventListener('keydown', key)
    return () => {
      window.removeEventListener('pointerdown', close)
      window.removeEventListener('keydown', key)
    }
  }, [open])
  return (
    <nav className="menubar" ref={bar} aria-label="Main menu">
      {MENUS.map((menu) => (
        <div key={menu.title} className="menu">
          <button
            type="button"
            className={`menu-title${open === menu.title ? ' open' : ''}`}
            aria-haspopup="menu"
            aria-expanded={open === menu.title}
            onClick={() => setOpen(open === menu.title ? null : menu.title)}
            onPointerEnter={() => open && setOpen(menu.title)}
          >
            {menu.title}
          </button>
          {open === menu.title ? (
            <div className="menu-popup" role="menu" aria-label={menu.title}>
              {menu.items.map((id, i) => {
                if (id === '-') return <hr key={`sep-${i.toString()}`} className="menu-separator" />
                const c = commands.get(id)
                if (!c) return null
                return (
                  <button
                    key={id}
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    disabled={c.enabled?.() === false}
                    onClick={() => {
                      setOpen(null)
                      c.run()
                    }}
                  >
                    <span>{c.label}</span>
                    {c.keys ? <kbd>{c.keys}</kbd> : null}
                  </button>
                )
              })}
            </div>
          ) : null}
        </div>
      ))}
    </nav>
  )
}
