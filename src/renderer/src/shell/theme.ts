// Light and dark themes: the system's choice until the user picks one, remembered on this machine.
// The theme is an attribute on <html>, so CSS variables switch everything at once; the canvas and
// Monaco, which draw their own pixels, read the resolved value.
import { useEffect, useState } from 'react'
import type { Theme } from '../topology/cy-style'

const KEY = 'miglab.theme'

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem(KEY)
    return saved === 'light' || saved === 'dark' ? saved : systemTheme()
  })
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return [
    theme,
    (t: Theme) => {
      localStorage.setItem(KEY, t)
      setTheme(t)
    },
  ]
}
