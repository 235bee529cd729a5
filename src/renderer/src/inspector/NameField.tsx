// An element's name: checked against the engine's name rule and against every other name (nodes
// and networks share one namespace), and renamed everywhere it is referenced in one edit.
import { NAME_PATTERN, rename, usedNames } from '../state/spec-edit'
import { type ElementKey, parseKey } from '../state/spec-types'
import { useProjectSession } from '../state/use-session'
import { CheckedField } from '../ui/fields'

export function NameField({ elementKey, problem }: { elementKey: ElementKey; problem?: string }): React.JSX.Element {
  const session = useProjectSession()
  const { kind, name } = parseKey(elementKey)
  return (
    <CheckedField
      label="Name"
      value={name}
      testId="field-name"
      problem={problem}
      check={(t) => {
        if (!NAME_PATTERN.test(t)) return 'names start with a letter or _ and contain only letters, digits, _ and -'
        if (t.length > 64) return 'names are at most 64 characters'
        if (usedNames(session.draft.spec).has(t)) return `"${t}" is already the name of another element`
        return null
      }}
      onCommit={(to) =>
        session.edit(`Rename ${name} to ${to}`, (spec) => ({
          next: rename(spec, elementKey, to),
          select: [`${kind}:${to}`],
        }))
      }
    />
  )
}
