// Reading and driving the topology canvas from a test: where an element is on the screen, and the
// canvas's own view of what it shows (the renderer exposes its Cytoscape instance as
// globalThis.miglabCanvas for exactly this).
import type { Page } from 'playwright-core'

export async function elementPoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((id) => {
    const cy = (globalThis as any).miglabCanvas
    const el = cy.$id(id)
    if (el.empty()) return null
    const r = cy.container().getBoundingClientRect()
    const at = el.isNode() ? el.renderedPosition() : el.renderedMidpoint()
    return { x: r.left + at.x, y: r.top + at.y }
  }, id)
  if (!p) throw new Error(`the canvas shows no element ${id}`)
  return p
}

/** Ids of the canvas elements matching a Cytoscape selector. */
export function canvasIds(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((s) => (globalThis as any).miglabCanvas.elements(s).map((e: any) => e.id()), selector)
}

/** A press-move-release drag in small steps, as a person's mouse does it. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12) {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + (to.x - from.x) / steps, from.y + (to.y - from.y) / steps)
  await page.mouse.move(to.x, to.y, { steps })
  await page.mouse.up()
}

export async function centerOf(page: Page, testId: string): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId(testId).boundingBox()
  if (!box) throw new Error(`${testId} is not visible`)
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}
