// Light and dark themes: the system's choice until the user picks one, remembered on this machine
// (the desktop app's View menu can also set it, "system" included). The theme is an attribute on
// <html>, so CSS variables switch everything at once; the canvas and Monaco, which draw their own
// pixels, read the resolved value.
import { useEffect, useState } from 'react'
import type { Theme as ThemeChoice } from '../../../preload/api'
import type { Theme } from '../topology/cy-style'

const KEY = 'miglab.theme'
const dark = () => window.matchMedia('(prefers-color-scheme: dark)')

function saved(): ThemeChoice {
  const v = localStorage.getItem(KEY)
  return v === 'light' || v === 'dark' ? v : 'system'
}

export function useTheme(): [Theme, (t: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(saved)
  const [system, setSystem] = useState<Theme>(() => (dark().matches ? 'dark' : 'light'))
  useEffect(() => {
    const q = dark()
    const on = () => setSystem(q.matches ? 'dark' : 'light')
    q.addEventListener('change', on)
    return () => q.removeEventListener('change', on)
  }, [])
  const theme = choice === 'system' ? system : choice
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return [
    theme,
    (t: ThemeChoice) => {
      if (t === 'system') localStorage.removeItem(KEY)
      else localStorage.setItem(KEY, t)
      setChoice(t)
    },
  ]
}
