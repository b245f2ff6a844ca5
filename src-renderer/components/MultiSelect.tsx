import { useDisclosure } from '../lib/useDisclosure'

interface Props {
  label: string
  name: string
  values: string[]
  options: readonly (readonly [string, string])[]
  onChange(values: string[]): void
}

/** A filter that takes several values: a button that opens a list of checkboxes. */
export function MultiSelect({ label, name, values, options, onChange }: Props) {
  const details = useDisclosure()
  const summary = values.length === 0 ? 'Any' : values.length === 1 ? (options.find(([v]) => v === values[0])?.[0] ?? values[0]) : `${values.length} selected`
  return (
    <div className="filter">
      <span id={`${name}-label`}>{label}</span>
      <details className="multi" ref={details}>
        <summary aria-labelledby={`${name}-label ${name}-value`} data-name={name}>
          <span id={`${name}-value`}>{summary}</span>
        </summary>
        <fieldset aria-labelledby={`${name}-label`}>
          {options.map(([value, text]) => (
            <label key={value}>
              <input type="checkbox" name={name} value={value} checked={values.includes(value)} onChange={(e) => onChange(e.target.checked ? [...values, value] : values.filter((v) => v !== value))} />
              {text}
            </label>
          ))}
          {values.length > 0 && (
            <button type="button" className="link" onClick={() => onChange([])}>
              Any {label.toLowerCase()}
            </button>
          )}
        </fieldset>
      </details>
    </div>
  )
}
