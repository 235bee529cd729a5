// A random distribution of durations (think time, compute phase, inter-arrival time): its family
// and that family's parameters, each a checked duration.
import type { DistributionInput as Dist } from '../state/spec-types'
import { NumberField, QuantityField, SelectField } from '../ui/fields'

type Family = Dist['dist']

const FAMILIES: readonly { value: Family; label: string }[] = [
  { value: 'constant', label: 'Constant' },
  { value: 'exponential', label: 'Exponential' },
  { value: 'uniform', label: 'Uniform' },
  { value: 'normal', label: 'Normal' },
  { value: 'lognormal', label: 'Log-normal' },
  { value: 'pareto', label: 'Pareto (heavy tail)' },
]

/** A family's parameters, keeping the current mean (or value) as a starting point. */
function switchTo(family: Family, from: Dist | undefined): Dist {
  const centre =
    from && 'mean' in from
      ? from.mean
      : from && 'value' in from
        ? from.value
        : from && 'min' in from
          ? from.min
          : '10ms'
  switch (family) {
    case 'constant':
      return { dist: 'constant', value: centre }
    case 'exponential':
      return { dist: 'exponential', mean: centre }
    case 'uniform':
      return { dist: 'uniform', min: centre, max: centre }
    case 'normal':
      return { dist: 'normal', mean: centre, sd: centre }
    case 'lognormal':
      return { dist: 'lognormal', mean: centre, sd: centre }
    case 'pareto':
      return { dist: 'pareto', scale: centre, shape: 1.5 }
    case 'empirical':
      return { dist: 'empirical', points: [[centre, 1]] }
  }
}

interface Props {
  label: string
  value: Dist | undefined
  /** The schema's default, shown when the field is not set. */
  defaultText?: string
  onChange: (d: Dist) => void
  problem: (field: string) => string | undefined
  field: string
}

export function DistributionField({ label, value, defaultText, onChange, problem, field }: Props): React.JSX.Element {
  const p = (k: string) => problem(`${field}.${k}`) ?? problem(field)
  return (
    <fieldset className="distribution">
      <legend>{label}</legend>
      <SelectField
        label="Distribution"
        value={value?.dist}
        options={FAMILIES}
        onChange={(f) => onChange(switchTo(f, value))}
      />
      {value ? null : <p className="muted">Not set: {defaultText}.</p>}
      {value?.dist === 'constant' ? (
        <QuantityField
          label="Value"
          kind="duration"
          value={value.value}
          onCommit={(v) => v && onChange({ ...value, value: v })}
          problem={p('value')}
        />
      ) : null}
      {value && (value.dist === 'exponential' || value.dist === 'normal' || value.dist === 'lognormal') ? (
        <QuantityField
          label="Mean"
          kind="duration"
          value={value.mean}
          onCommit={(v) => v && onChange({ ...value, mean: v })}
          problem={p('mean')}
        />
      ) : null}
      {value && (value.dist === 'normal' || value.dist === 'lognormal') ? (
        <QuantityField
          label="Standard deviation"
          kind="duration"
          value={value.sd}
          onCommit={(v) => v && onChange({ ...value, sd: v })}
          problem={p('sd')}
        />
      ) : null}
      {value?.dist === 'uniform' ? (
        <>
          <QuantityField
            label="Minimum"
            kind="duration"
            value={value.min}
            onCommit={(v) => v && onChange({ ...value, min: v })}
            problem={p('min')}
          />
          <QuantityField
            label="Maximum"
            kind="duration"
            value={value.max}
            onCommit={(v) => v && onChange({ ...value, max: v })}
            problem={p('max')}
          />
        </>
      ) : null}
      {value?.dist === 'pareto' ? (
        <>
          <QuantityField
            label="Scale (minimum)"
            kind="duration"
            value={value.scale}
            onCommit={(v) => v && onChange({ ...value, scale: v })}
            problem={p('scale')}
          />
          <NumberField
            label="Shape (tail index)"
            value={value.shape}
            min={Number.MIN_VALUE}
            onCommit={(v) => v !== undefined && onChange({ ...value, shape: v })}
            problem={p('shape')}
          />
        </>
      ) : null}
      {value?.dist === 'empirical' ? (
        <p className="muted">An empirical distribution of {value.points.length} points; edit it in scenario.ts.</p>
      ) : null}
    </fieldset>
  )
}
