// Form fields that refuse wrong input at the field: each keeps what the user typed, checks it when
// it is committed (Enter or leaving the field), and writes the spec only when it is valid. A
// refused value stays in the box with the checker's message beside it, and the spec keeps the last
// valid value, so a slip never reaches a run and never silently turns into something else.
import { type ReactNode, useEffect, useId, useState } from 'react'
import { formatDuration, formatRate, formatSize, parseUnit, type QuantityKind } from '../../../engine/core/units'

interface FieldShellProps {
  label: string
  id: string
  error?: string | null
  hint?: ReactNode
  problem?: string
  children: ReactNode
}

function FieldShell({ label, id, error, hint, problem, children }: FieldShellProps): React.JSX.Element {
  const message = error ?? problem
  return (
    <div className={`field${message ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {message ? (
        <div className="field-error" role="alert" id={`${id}-error`}>
          {message}
        </div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  )
}

interface TextLikeProps {
  label: string
  value: string | undefined
  /** Checks a committed text: an error message, or null when it may be written. */
  check: (text: string) => string | null
  onCommit: (text: string) => void
  placeholder?: string
  hint?: (text: string) => ReactNode
  /** An error the compiler reported for this field. */
  problem?: string
  readOnly?: boolean
  testId?: string
}

/** A text box validated on commit. */
export function CheckedField({
  label,
  value,
  check,
  onCommit,
  placeholder,
  hint,
  problem,
  readOnly,
  testId,
}: TextLikeProps): React.JSX.Element {
  const id = useId()
  const [text, setText] = useState(value ?? '')
  const [error, setError] = useState<string | null>(null)
  // A new value from outside (undo, another element selected) replaces what is in the box.
  useEffect(() => {
    setText(value ?? '')
    setError(null)
  }, [value])
  const commit = () => {
    const t = text.trim()
    if (t === (value ?? '')) {
      setError(null)
      return
    }
    const e = check(t)
    setError(e)
    if (e === null) onCommit(t)
  }
  return (
    <FieldShell label={label} id={id} error={error} problem={problem} hint={hint && !error ? hint(text.trim()) : null}>
      <input
        id={id}
        value={text}
        placeholder={placeholder}
        readOnly={readOnly}
        spellCheck={false}
        aria-invalid={error || problem ? true : undefined}
        aria-describedby={error || problem ? `${id}-error` : undefined}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') {
            setText(value ?? '')
            setError(null)
          }
        }}
      />
    </FieldShell>
  )
}

const FORMAT: Record<QuantityKind, (v: number) => string> = {
  duration: formatDuration,
  rate: formatRate,
  size: formatSize,
}

const NORMAL: Record<QuantityKind, (v: number) => string> = {
  duration: (ns) => `${ns.toLocaleString('en')} ns`,
  rate: (bps) => `${bps.toLocaleString('en')} bit/s`,
  size: (b) => `${b.toLocaleString('en')} bytes`,
}

interface QuantityProps {
  label: string
  kind: QuantityKind
  value: string | undefined
  onCommit: (text: string | undefined) => void
  /** The default the schema applies when the field is left empty; empty then removes the field. */
  placeholder?: string
  /** Empty allowed (the field is optional). */
  optional?: boolean
  /** The smallest allowed value, in the parsed unit, and what to say below it. */
  min?: { value: number; message: string }
  problem?: string
  readOnly?: boolean
  testId?: string
}

/** A duration, rate or size, checked by the engine's own strict unit parsers. */
export function QuantityField({
  label,
  kind,
  value,
  onCommit,
  placeholder,
  optional,
  min,
  problem,
  readOnly,
  testId,
}: QuantityProps): React.JSX.Element {
  const check = (t: string): string | null => {
    if (t === '') return optional ? null : `a ${kind} is needed here`
    try {
      const v = parseUnit(kind, t)
      if (min && v < min.value) return `"${t}": ${min.message}`
      return null
    } catch (e) {
      return e instanceof Error ? e.message : String(e)
    }
  }
  const hint = (t: string) => {
    if (t === '') return placeholder ? `default ${placeholder}` : null
    try {
      const v = parseUnit(kind, t)
      const pretty = FORMAT[kind](v)
      return pretty === t ? NORMAL[kind](v) : `= ${pretty} (${NORMAL[kind](v)})`
    } catch {
      return null
    }
  }
  return (
    <CheckedField
      label={label}
      value={value}
      check={check}
      onCommit={(t) => onCommit(t === '' ? undefined : t)}
      placeholder={placeholder}
      hint={hint}
      problem={problem}
      readOnly={readOnly}
      testId={testId}
    />
  )
}

interface NumberProps {
  label: string
  value: number | undefined
  onCommit: (v: number | undefined) => void
  min?: number
  max?: number
  integer?: boolean
  placeholder?: string
  optional?: boolean
  problem?: string
  readOnly?: boolean
  testId?: string
}

/** A plain number (loss probability, queue length, CPU capacity), with its bounds. */
export function NumberField({
  label,
  value,
  onCommit,
  min,
  max,
  integer,
  placeholder,
  optional,
  problem,
  readOnly,
  testId,
}: NumberProps): React.JSX.Element {
  const check = (t: string): string | null => {
    if (t === '') return optional ? null : 'a number is needed here'
    if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return `"${t}" is not a number`
    const v = Number(t)
    if (integer && !Number.isInteger(v)) return `${t} is not a whole number`
    if (min !== undefined && v < min) return `must be at least ${min}`
    if (max !== undefined && v > max) return `must be at most ${max}`
    return null
  }
  return (
    <CheckedField
      label={label}
      value={value === undefined ? undefined : String(value)}
      check={check}
      onCommit={(t) => onCommit(t === '' ? undefined : Number(t))}
      placeholder={placeholder}
      problem={problem}
      readOnly={readOnly}
      testId={testId}
    />
  )
}

interface SelectProps<T extends string> {
  label: string
  value: T | undefined
  options: readonly { value: T; label: string }[]
  onChange: (v: T) => void
  problem?: string
  disabled?: boolean
  testId?: string
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  problem,
  disabled,
  testId,
}: SelectProps<T>): React.JSX.Element {
  const id = useId()
  const known = value === undefined || options.some((o) => o.value === value)
  return (
    <FieldShell label={label} id={id} problem={problem}>
      <select
        id={id}
        value={value ?? ''}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {value === undefined ? <option value="">—</option> : null}
        {known ? null : <option value={value}>{value} (unknown)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}

interface CheckProps {
  label: string
  checked: boolean
  onChange: (v: boolean) => void
  hint?: string
  disabled?: boolean
}

export function CheckField({ label, checked, onChange, hint, disabled }: CheckProps): React.JSX.Element {
  return (
    <label className="check-field" title={hint}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  )
}
