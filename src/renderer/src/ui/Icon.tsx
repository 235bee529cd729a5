// The app's icons: small stroked SVG paths drawn on a 24-unit grid, inherited colour, so they
// follow the theme and need no icon font or network.

const PATHS = {
  host: 'M4 5h16v10H4z M9 19h6 M12 15v4',
  router: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M8 12h8 M13 9l3 3l-3 3 M11 9l-3 3l3 3',
  lan: 'M3 9h18v6H3z M7 12h.01 M11 12h.01 M15 12h.01 M7 9V5 M17 9V5 M7 15v4 M17 15v4',
  wan: 'M7 18h10a4 4 0 0 0 .5-7.97A6 6 0 0 0 6.1 9.2A4.5 4.5 0 0 0 7 18z',
  process: 'M6 6h12v12H6z M9 2v4 M15 2v4 M9 18v4 M15 18v4 M2 9h4 M2 15h4 M18 9h4 M18 15h4',
  agent: 'M12 3l2.6 5.3l5.9.9l-4.3 4.1l1 5.8L12 16.4l-5.2 2.7l1-5.8L3.5 9.2l5.9-.9z',
  link: 'M9 15l6-6 M10 6l1-1a4 4 0 0 1 6 6l-1 1 M14 18l-1 1a4 4 0 0 1-6-6l1-1',
  layout: 'M4 4h6v6H4z M14 14h6v6h-6z M14 4h6v6h-6z M10 7h4 M17 10v4',
  fit: 'M4 9V4h5 M20 9V4h-5 M4 15v5h5 M20 15v5h-5',
  search: 'M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14 M20 20l-4-4',
  undo: 'M9 14L4 9l5-5 M4 9h11a5 5 0 0 1 0 10h-3',
  redo: 'M15 14l5-5l-5-5 M20 9H9a5 5 0 0 0 0 10h3',
  play: 'M7 4l13 8l-13 8z',
  stop: 'M6 6h12v12H6z',
  save: 'M5 3h11l3 3v15H5z M8 3v5h7V3 M8 21v-7h8v7',
  folder: 'M3 6h6l2 2h10v11H3z',
  file: 'M6 3h8l4 4v14H6z M14 3v4h4',
  sun: 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8 M12 2v2 M12 20v2 M4.9 4.9l1.4 1.4 M17.7 17.7l1.4 1.4 M2 12h2 M20 12h2 M4.9 19.1l1.4-1.4 M17.7 6.3l1.4-1.4',
  moon: 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z',
  trash: 'M4 7h16 M10 11v6 M14 11v6 M6 7l1 13h10l1-13 M9 7V4h6v3',
  copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
  plus: 'M12 5v14 M5 12h14',
  chevron: 'M9 6l6 6l-6 6',
  warning: 'M12 3L2 20h20z M12 10v4 M12 17h.01',
  close: 'M6 6l12 12 M18 6L6 18',
  up: 'M12 19V5 M5 12l7-7l7 7',
  migrate: 'M4 12h14 M14 7l5 5l-5 5 M4 6v12',
  evict: 'M12 3a4 4 0 1 0 0 8a4 4 0 1 0 0-8 M4 21c0-4 4-6 8-6 M15 18h6 M18 15l3 3l-3 3',
  failure: 'M13 2L4 14h7l-1 8l9-12h-7z',
  book: 'M4 4h6a3 3 0 0 1 3 3v13a2 2 0 0 0-2-2H4z M20 4h-6a3 3 0 0 0-3 3v13a2 2 0 0 1 2-2h7z',
  check: 'M5 12l5 5L20 7',
  keyboard: 'M3 6h18v12H3z M7 10h.01 M11 10h.01 M15 10h.01 M7 14h10',
} as const

export type IconName = keyof typeof PATHS

/** Decorative: the button or label around an icon carries the accessible name. */
export function Icon({ name, size = 16 }: { name: IconName; size?: number }): React.JSX.Element {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
