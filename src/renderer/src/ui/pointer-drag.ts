// Drag and drop with pointer events: a ghost label follows the pointer, and the source decides
// what a drop means where it lands (the canvas, the time strip). Pointer events rather than HTML5
// drag and drop, because drops land on a <canvas> that needs exact coordinates, and because the
// same code serves mouse, pen and touch.

export interface DragHandlers {
  /** Shown beside the pointer while dragging. */
  ghost: string
  move?: (x: number, y: number) => void
  drop: (x: number, y: number) => void
  /** Escape, or a drop that did not move: nothing happens. */
  cancel?: () => void
}

/** Movement under this many pixels is a click, not a drag. */
const THRESHOLD = 4

export function beginPointerDrag(start: PointerEvent | React.PointerEvent, h: DragHandlers): void {
  if (start.button !== 0) return
  const x0 = start.clientX
  const y0 = start.clientY
  let ghost: HTMLDivElement | null = null
  const onMove = (e: PointerEvent) => {
    if (!ghost) {
      if (Math.hypot(e.clientX - x0, e.clientY - y0) < THRESHOLD) return
      ghost = document.createElement('div')
      ghost.className = 'drag-ghost'
      ghost.textContent = h.ghost
      document.body.appendChild(ghost)
      document.body.classList.add('dragging')
    }
    ghost.style.transform = `translate(${e.clientX + 12}px, ${e.clientY + 10}px)`
    h.move?.(e.clientX, e.clientY)
  }
  const finish = () => {
    window.removeEventListener('pointermove', onMove)
    window.removeEventListener('pointerup', onUp)
    window.removeEventListener('keydown', onKey, true)
    ghost?.remove()
    document.body.classList.remove('dragging')
  }
  const onUp = (e: PointerEvent) => {
    const dragged = ghost !== null
    finish()
    if (dragged) h.drop(e.clientX, e.clientY)
    else h.cancel?.()
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return
    e.stopPropagation()
    finish()
    h.cancel?.()
  }
  window.addEventListener('pointermove', onMove)
  window.addEventListener('pointerup', onUp)
  window.addEventListener('keydown', onKey, true)
}
