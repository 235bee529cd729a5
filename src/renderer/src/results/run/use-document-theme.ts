// The resolved theme (light or dark) from <html data-theme>, for views that draw their own pixels
// (ECharts, Cytoscape) and are mounted where no theme prop reaches them.
import { useEffect, useState } from 'react'
import type { Theme } from '../../topology/cy-style'

const current = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light')

export function useDocumentTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(current)
  useEffect(() => {
    const watch = new MutationObserver(() => setTheme(current()))
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    return () => watch.disconnect()
  }, [])
  return theme
}
