// Labels of architectures and mechanisms in figures and tables. Catalog titles ("No support
// (plain TCP/IP)") are too long for an axis of a one-column figure, so figures use the short
// names papers use; tables and the report add the full catalog titles in their legends.

import { ARCHITECTURES, catalogEntry, MECHANISMS } from '../catalog'

/** Short architecture label (catalog `short`); an id the catalog does not know is shown as it is. */
export function architectureLabel(id: string): string {
  return catalogEntry(ARCHITECTURES, id)?.short ?? id
}

export function architectureTitle(id: string): string {
  return catalogEntry(ARCHITECTURES, id)?.title ?? id
}

/** Mechanism titles are already short ("Pre-copy", "Eager (all)"). */
export function mechanismLabel(id: string): string {
  return catalogEntry(MECHANISMS, id)?.title ?? id
}
