// What the rest of the workbench may ask of the canvas (commands, the palette, the time strip):
// hit-testing screen points for drops, highlighting a drop target, and the view commands.
import type { ElementKey, Position } from '../state/spec-types'

export type LayoutName = 'breadthfirst' | 'cose' | 'grid' | 'circle' | 'concentric'

export interface CanvasApi {
  /** The model position under a screen point, or null when the point is not over the canvas. */
  modelAt(clientX: number, clientY: number): Position | null
  /** The topmost element of the given kinds under a screen point. */
  elementAt(clientX: number, clientY: number, kinds: readonly ('node' | 'network' | 'process')[]): ElementKey | null
  /** Highlights the element a drop would land on (null clears). */
  highlight(key: ElementKey | null): void
  fit(): void
  center(keys: ElementKey[]): void
  layout(name: LayoutName): Promise<void>
  /** The visible centre, in model coordinates (where a clicked palette item goes). */
  viewCenter(): Position
  focusSearch(): void
  /** Marks the elements whose name contains the text (case-insensitive) and dims the rest; '' clears. */
  find(text: string): ElementKey[]
}
