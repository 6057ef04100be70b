/**
 * Validation problems in words, keyed by the field they belong to.
 *
 * A key is the contract path joined with dots ("ringTimeoutMs", "skills.0.level"), for the
 * shared schema's own issues and for the server's 400s alike, so a form finds its field's
 * message the same way whichever side found the problem. The key '' holds problems that
 * belong to no one field ("Change at least one field.").
 */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * The part of a zod issue read here. zod's own issue types fit it; spelled out so the
 * console needs no direct dependency on zod (the shared package owns the schemas).
 */
export interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly origin?: string;
  readonly format?: string;
  readonly expected?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly values?: readonly unknown[];
}

/** A field shown in another unit than the contract's, e.g. seconds for a `…Ms` field. */
export interface DisplayUnit {
  /** How many contract units make one shown unit: 1000 for milliseconds shown as seconds. */
  readonly per: number;
  readonly singular: string;
  readonly plural: string;
}

export const seconds: DisplayUnit = { per: 1000, singular: 'second', plural: 'seconds' };

export const pathKey = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** The first problem of each field, in words. */
export function fieldErrorsOf(issues: readonly SchemaIssue[], units: Readonly<Record<string, DisplayUnit>> = {}): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = pathKey(issue.path);
    errors[key] ??= issueInWords(issue, units[key]);
  }
  return errors;
}

/**
 * One problem as a sentence a person can act on. The schemas' own messages (regex hints,
 * cross-field rules) are kept; zod's generic ones ("Too small: expected number to be
 * >=1000") are reworded, in the field's shown unit when it has one.
 */
export function issueInWords(issue: SchemaIssue, unit?: DisplayUnit): string {
  switch (issue.code) {
    case 'too_small':
      return tooSmall(issue, unit);
    case 'too_big':
      return tooBig(issue, unit);
    case 'invalid_type':
      if (issue.expected === 'int') return 'Enter a whole number.';
      if (issue.expected === 'number') return 'Enter a number.';
      return 'This field is required.';
    case 'invalid_format':
      if (issue.format === 'uuid') return 'Choose one from the list.';
      if (issue.format === 'regex') return regexHint(issue.message);
      return sentence(issue.message);
    case 'invalid_value':
      return 'Choose one from the list.';
    default:
      return sentence(issue.message);
  }
}

function tooSmall(issue: SchemaIssue, unit?: DisplayUnit): string {
  const minimum = Number(issue.minimum);
  if (issue.origin === 'string') return minimum <= 1 ? 'This field is required.' : `Use at least ${minimum} characters.`;
  if (issue.origin === 'array') return `Add at least ${minimum}.`;
  return `Must be at least ${amount(minimum, unit)}.`;
}

function tooBig(issue: SchemaIssue, unit?: DisplayUnit): string {
  const maximum = Number(issue.maximum);
  if (issue.origin === 'string') return `Use at most ${maximum} characters.`;
  if (issue.origin === 'array') return `Add at most ${maximum}.`;
  return `Must be at most ${amount(maximum, unit)}.`;
}

function amount(value: number, unit?: DisplayUnit): string {
  if (!unit) return value.toLocaleString('en-US');
  const shown = value / unit.per;
  return `${shown.toLocaleString('en-US')} ${shown === 1 ? unit.singular : unit.plural}`;
}

/**
 * The shared schemas phrase their regex messages either as a rule ("must be 2 to 20
 * digits …") or as the characters allowed ("letters, digits, dash or underscore").
 */
function regexHint(message: string): string {
  if (/^must\b/i.test(message)) return sentence(message);
  if (/^invalid string/i.test(message)) return 'Contains characters that are not allowed.';
  return `Use only ${message}.`;
}

/** Capitalised and ending with a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The messages of `errors` under `prefix` ("allowedSources" → its items' problems too). */
export function errorsUnder(errors: FieldErrors, prefix: string): Array<{ key: string; rest: string; message: string }> {
  return Object.entries(errors)
    .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`))
    .map(([key, message]) => ({ key, rest: key.slice(prefix.length + 1), message }));
}
