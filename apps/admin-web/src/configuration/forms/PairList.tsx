import { controlId, FieldError, type Option, useFormScope } from './fields.tsx';
import type { PairRow } from './pair-row.ts';

interface PairListProps {
  /** The contract path of the list ("skills", "memberships", "requiredSkills"). */
  name: string;
  legend: string;
  description?: string;
  rows: readonly PairRow[];
  onChange: (rows: PairRow[]) => void;
  /** The contract keys of a row's two fields, for their errors ("skillId", "level"). */
  refKey: string;
  numberKey: string;
  /** Visible column titles and the word for one item ("skill" → "Skill 2", "Remove skill 2"). */
  refTitle: string;
  numberTitle: string;
  item: string;
  options: readonly Option[];
  numberRange: { min: number; max: number };
  /** What a new row's number starts at. */
  defaultNumber: string;
  emptyText: string;
}

/**
 * A list of (thing, number) pairs: an agent's skills with levels, queues with tiers, a
 * queue's required skills with minimum levels. Each control is named by its row
 * ("Skill 2", "Level of skill 2"), so rows are told apart without seeing the grid.
 */
export function PairList(props: PairListProps) {
  const { name, legend, description, rows, onChange, refKey, numberKey, refTitle, numberTitle, item, options, numberRange, defaultNumber, emptyText } = props;
  const { idPrefix, errors, readOnly } = useFormScope();
  const listErrorId = `${controlId(idPrefix, name)}-error`;
  const used = new Set(rows.map((r) => r.ref));
  const firstUnused = options.find((o) => !used.has(o.value))?.value ?? options[0]?.value ?? '';
  const update = (index: number, change: Partial<PairRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const Item = item[0]!.toUpperCase() + item.slice(1);

  return (
    <fieldset className="field-group pair-list" aria-describedby={errors[name] ? listErrorId : undefined}>
      <legend>{legend}</legend>
      {description && <p className="field-hint group-hint">{description}</p>}
      {rows.length === 0 ? (
        <p className="muted empty-pairs">{emptyText}</p>
      ) : (
        <div className="pair-grid" role="presentation">
          <span className="pair-title" aria-hidden="true">
            {refTitle}
          </span>
          <span className="pair-title" aria-hidden="true">
            {numberTitle}
          </span>
          <span aria-hidden="true" />
          {rows.map((row, index) => {
            const refName = `${name}.${index}.${refKey}`;
            const numberName = `${name}.${index}.${numberKey}`;
            const refId = controlId(idPrefix, refName);
            const numberId = controlId(idPrefix, numberName);
            const refError = errors[refName];
            const numberError = errors[numberName];
            return (
              <div className="pair-row" key={index}>
                <div className="pair-cell">
                  <label htmlFor={refId} className="visually-hidden">
                    {`${Item} ${index + 1}`}
                  </label>
                  <select
                    id={refId}
                    value={row.ref}
                    disabled={readOnly}
                    aria-invalid={refError ? true : undefined}
                    aria-describedby={refError ? `${refId}-error` : undefined}
                    onChange={(e) => update(index, { ref: e.target.value })}
                  >
                    {!options.some((o) => o.value === row.ref) && <option value={row.ref}>{row.ref ? 'Unknown' : 'Choose…'}</option>}
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`${refId}-error`} message={refError} />
                </div>
                <div className="pair-cell">
                  <label htmlFor={numberId} className="visually-hidden">
                    {`${numberTitle} of ${item} ${index + 1}`}
                  </label>
                  <input
                    id={numberId}
                    type="number"
                    inputMode="numeric"
                    min={numberRange.min}
                    max={numberRange.max}
                    value={row.number}
                    disabled={readOnly}
                    aria-invalid={numberError ? true : undefined}
                    aria-describedby={numberError ? `${numberId}-error` : undefined}
                    onChange={(e) => update(index, { number: e.target.value })}
                  />
                  <FieldError id={`${numberId}-error`} message={numberError} />
                </div>
                <div className="pair-cell">
                  {!readOnly && (
                    <button type="button" className="icon-button" aria-label={`Remove ${item} ${index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                      ✕
                    </button>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
      <FieldError id={listErrorId} message={errors[name]} />
      {!readOnly && (
        <button
          type="button"
          className="secondary add-row"
          disabled={options.length === 0 || used.size >= options.length}
          onClick={() => onChange([...rows, { ref: firstUnused, number: defaultNumber }])}
        >
          {`Add ${item}`}
        </button>
      )}
    </fieldset>
  );
}
