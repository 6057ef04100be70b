import { createContext, type ReactNode, useContext } from 'react';
import { errorsUnder, type FieldErrors } from './field-errors.ts';

/**
 * Labelled form controls that show their field's problem next to them: the message is
 * tied to the control by aria-describedby and the control says aria-invalid, so a
 * screen reader reads the problem when the field takes focus.
 */
interface FormScope {
  /** Unique per form, so two open forms never share an id. */
  idPrefix: string;
  errors: FieldErrors;
  /** Read-only forms (a supervisor looking at a queue) disable every control. */
  readOnly: boolean;
}

const FormScopeContext = createContext<FormScope>({ idPrefix: 'form', errors: {}, readOnly: false });

export function FormScopeProvider({ scope, children }: { scope: FormScope; children: ReactNode }) {
  return <FormScopeContext.Provider value={scope}>{children}</FormScopeContext.Provider>;
}

export const useFormScope = () => useContext(FormScopeContext);

/** The id of a field's control; `name` is its contract path ("skills.0.level"). */
export const controlId = (idPrefix: string, name: string) => `${idPrefix}-${name.replaceAll('.', '-')}`;

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  disabled: boolean;
}

/**
 * The props that tie a control to its hint and error. `errorOf` overrides how the
 * message is found (a textarea of list items gathers its items' problems).
 */
export function useControl(name: string, options: { hint?: boolean; error?: string | undefined } = {}): ControlProps & { error: string | undefined; hintId: string; errorId: string } {
  const { idPrefix, errors, readOnly } = useFormScope();
  const id = controlId(idPrefix, name);
  const error = 'error' in options ? options.error : errors[name];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [options.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined, disabled: readOnly, error, hintId, errorId };
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

interface FieldFrameProps {
  label: string;
  hint?: string | undefined;
  control: ReturnType<typeof useControl>;
  children: ReactNode;
  wide?: boolean;
}

function FieldFrame({ label, hint, control, children, wide }: FieldFrameProps) {
  return (
    <div className={`field${wide ? ' field-wide' : ''}${control.error ? ' field-invalid' : ''}`}>
      <label htmlFor={control.id}>{label}</label>
      {children}
      {hint && (
        <p id={control.hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldError id={control.errorId} message={control.error} />
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  type?: 'text' | 'password' | 'tel' | 'number';
  autoComplete?: string;
  placeholder?: string;
  /** Shown after the input ("seconds"); also read as part of the hint. */
  unit?: string;
  wide?: boolean;
  /** Disabled even in an editable form (a username after creation). */
  locked?: boolean;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
}

export function TextField({ name, label, value, onChange, hint, type = 'text', autoComplete, placeholder, unit, wide, locked, inputMode }: TextFieldProps) {
  const control = useControl(name, { hint: Boolean(hint) });
  const { error: _e, hintId: _h, errorId: _r, ...props } = control;
  const input = (
    <input
      {...props}
      disabled={props.disabled || Boolean(locked)}
      type={type}
      value={value}
      autoComplete={autoComplete ?? 'off'}
      placeholder={placeholder}
      inputMode={inputMode}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <FieldFrame label={label} hint={hint} control={control} wide={wide}>
      {unit ? (
        <span className="with-unit">
          {input}
          <span className="unit" aria-hidden="true">
            {unit}
          </span>
        </span>
      ) : (
        input
      )}
    </FieldFrame>
  );
}

export interface Option<V extends string = string> {
  value: V;
  label: string;
}

interface SelectFieldProps<V extends string> {
  name: string;
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: ReadonlyArray<Option<V>>;
  hint?: string;
  wide?: boolean;
  locked?: boolean;
}

/** A choice from a list; typed by its options' values, so a choice of roles hands back a Role. */
export function SelectField<V extends string>({ name, label, value, onChange, options, hint, wide, locked }: SelectFieldProps<V>) {
  const control = useControl(name, { hint: Boolean(hint) });
  const { error: _e, hintId: _h, errorId: _r, ...props } = control;
  return (
    <FieldFrame label={label} hint={hint} control={control} wide={wide}>
      {/* The select offers only the options' values, so what it reports is a V. */}
      <select {...props} disabled={props.disabled || Boolean(locked)} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

interface TextAreaFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  rows?: number;
  placeholder?: string;
  /** For a list typed one item a line: the items' problems, as "Line 2: …". */
  lineErrors?: boolean;
}

export function TextAreaField({ name, label, value, onChange, hint, rows = 3, placeholder, lineErrors }: TextAreaFieldProps) {
  const { errors } = useFormScope();
  const error = lineErrors
    ? errorsUnder(errors, name)
        .map(({ rest, message }) => (rest && /^\d+$/.test(rest) ? `Line ${Number(rest) + 1}: ${message}` : message))
        .join(' ') || undefined
    : errors[name];
  const control = useControl(name, { hint: Boolean(hint), error });
  const { error: _e, hintId: _h, errorId: _r, ...props } = control;
  return (
    <FieldFrame label={label} hint={hint} control={control} wide>
      <textarea {...props} rows={rows} value={value} placeholder={placeholder} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
    </FieldFrame>
  );
}

interface CheckboxFieldProps {
  name: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  locked?: boolean;
}

export function CheckboxField({ name, label, checked, onChange, hint, locked }: CheckboxFieldProps) {
  const control = useControl(name, { hint: Boolean(hint) });
  const { error, hintId, errorId, ...props } = control;
  return (
    <div className={`field field-wide field-check${error ? ' field-invalid' : ''}`}>
      <span className="check">
        <input {...props} disabled={props.disabled || Boolean(locked)} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={control.id}>{label}</label>
      </span>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

/** A titled group of fields (fieldset + legend), laid out in a two-column grid. */
export function FieldGroup({ legend, children, description }: { legend: string; children: ReactNode; description?: string }) {
  return (
    <fieldset className="field-group">
      <legend>{legend}</legend>
      {description && <p className="field-hint group-hint">{description}</p>}
      <div className="field-grid">{children}</div>
    </fieldset>
  );
}

interface RadioGroupFieldProps<V extends string> {
  name: string;
  legend: string;
  value: V;
  onChange: (value: V) => void;
  options: ReadonlyArray<{ value: V; label: string; hint?: string }>;
}

/** A choice among a few, each option visible with its consequence (overflow, trunk mode). */
export function RadioGroupField<V extends string>({ name, legend, value, onChange, options }: RadioGroupFieldProps<V>) {
  const control = useControl(name);
  return (
    <fieldset className="field field-wide radio-group" aria-describedby={control['aria-describedby']}>
      <legend>{legend}</legend>
      {options.map((option) => {
        const id = `${control.id}-${option.value}`;
        return (
          <span className="radio" key={option.value}>
            <input
              id={id}
              type="radio"
              name={control.id}
              value={option.value}
              checked={value === option.value}
              disabled={control.disabled}
              aria-describedby={option.hint ? `${id}-hint` : undefined}
              onChange={() => onChange(option.value)}
            />
            <label htmlFor={id}>{option.label}</label>
            {option.hint && (
              <span id={`${id}-hint`} className="field-hint radio-hint">
                {option.hint}
              </span>
            )}
          </span>
        );
      })}
      <FieldError id={control.errorId} message={control.error} />
    </fieldset>
  );
}
