// Keyboard shortcuts for the whole window. A key the focused widget already handled (Monaco's own
// find, undo and save) is left to it; keys that mean something while typing (undo, copy, delete)
// run only outside text fields.
import { useEffect, useRef } from 'react'
import { type Command, inTextField, matches } from './commands'

export function useKeyboard(commands: Map<string, Command>, desktop: boolean): void {
  const current = useRef(commands)
  current.current = commands
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return
      if (document.querySelector('dialog[open]')) return
      for (const c of current.current.values()) {
        if (!c.keys || !matches(c.keys, e) || (desktop && c.menuKey)) continue
        if (c.outsideFields && inTextField(e.target)) return
        e.preventDefault()
        if (c.enabled?.() !== false) c.run()
        return
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [desktop])
}
