// Elements a spec names, looked up at run time. A spec that went through validateSpec names only
// elements that exist; one that did not (built by hand, a sweep point gone wrong) gets an error
// that says which field named what.

import type { Node } from '../net/node'
import type { World } from '../sim/world'
import type { Process } from './process'
import { ScenarioError } from './scenario-error'

export function nodeAt(world: World, path: string, name: string): Node {
  const n = world.net.findNode(name)
  if (!n) throw new ScenarioError(`${path}: unknown node "${name}"`)
  return n
}

export function processAt(world: World, path: string, name: string): Process {
  const p = world.processes.get(name)
  if (!p) throw new ScenarioError(`${path}: unknown process "${name}"`)
  return p
}
