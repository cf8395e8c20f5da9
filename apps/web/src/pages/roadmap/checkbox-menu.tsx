/** A dropdown of checkboxes (a <details> disclosure: keyboard and screen-reader friendly) for the roadmap's filters. */
import { useEffect, useRef } from 'react'

function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value)
}

export function CheckboxMenu({
  id,
  label,
  selected,
  options,
  onChange,
}: {
  id: string
  label: string
  selected: readonly string[]
  options: { value: string; label: string }[]
  onChange: (next: string[]) => void
}) {
  const ref = useRef<HTMLDetailsElement>(null)
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) ref.current.open = false
    }
    document.addEventListener('click', close)
    return () => document.removeEventListener('click', close)
  }, [])
  return (
    <details className="ry-menu" ref={ref} data-testid={`filter-${id}`}>
      <summary className="usa-button usa-button--outline ry-menu__summary">
        {label}
        {selected.length ? ` (${selected.length})` : ''}
      </summary>
      <fieldset className="usa-fieldset ry-menu__list">
        <legend className="usa-sr-only">{label}</legend>
        {options.map((o) => {
          const cid = `filter-${id}-${o.value.replace(/\W+/g, '-')}`
          return (
            <div className="ry-check" key={o.value}>
              <input
                id={cid}
                type="checkbox"
                className="ry-check__input"
                checked={selected.includes(o.value)}
                onChange={(e) => onChange(toggle(selected, o.value, e.target.checked))}
                data-testid={`filter-${id}-${o.value}`}
              />
              <label className="ry-check__label" htmlFor={cid}>
                {o.label}
              </label>
            </div>
          )
        })}
        {selected.length ? (
          <button type="button" className="usa-button usa-button--unstyled margin-top-1" onClick={() => onChange([])}>
            Clear
          </button>
        ) : null}
      </fieldset>
    </details>
  )
}
