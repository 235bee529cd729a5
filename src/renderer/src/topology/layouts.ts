// Automatic layouts of the drawn topology. Processes ride on their hosts and generated elements
// belong to the script, so only drawn networks and nodes are laid out; the result is one edit.
import type { Core, LayoutOptions } from 'cytoscape'
import type { ElementKey, Position } from '../state/spec-types'
import type { LayoutName } from './canvas-api'

export const LAYOUTS: readonly { name: LayoutName; title: string }[] = [
  { name: 'breadthfirst', title: 'Layered from the WAN' },
  { name: 'cose', title: 'Force-directed' },
  { name: 'concentric', title: 'Concentric by degree' },
  { name: 'grid', title: 'Grid' },
  { name: 'circle', title: 'Circle' },
]

function options(cy: Core, name: LayoutName): LayoutOptions {
  switch (name) {
    case 'breadthfirst': {
      const wans = cy.nodes('.wan').not('.generated')
      return { name, directed: false, spacingFactor: 1.1, ...(wans.nonempty() ? { roots: wans } : {}), animate: false }
    }
    case 'cose':
      return { name, animate: false, randomize: false, nodeRepulsion: () => 8000, idealEdgeLength: () => 90 }
    case 'concentric':
      return { name, animate: false, minNodeSpacing: 30 }
    default:
      return { name, animate: false, avoidOverlap: true }
  }
}

/** Runs a layout on the drawn elements and returns their new positions. */
export function runLayout(cy: Core, name: LayoutName): Promise<Map<ElementKey, Position>> {
  const eles = cy.elements().not('.process, .workload, .generated, .link-ui')
  return new Promise((resolve) => {
    const layout = eles.layout({ ...options(cy, name), fit: false } as LayoutOptions)
    layout.one('layoutstop', () => {
      const out = new Map<ElementKey, Position>()
      eles.nodes().forEach((n) => {
        out.set(n.id(), { x: Math.round(n.position('x')), y: Math.round(n.position('y')) })
      })
      resolve(out)
    })
    layout.run()
  })
}
