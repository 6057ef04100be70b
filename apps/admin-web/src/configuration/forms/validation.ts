import { type DisplayUnit, type FieldErrors, fieldErrorsOf, type SchemaIssue } from './field-errors.ts';

/** What validation needs of a schema: the shared zod schemas fit. */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Parses what a form built with the shared schema the server will parse it with. */
export function validateWith<T>(schema: Schema<T>, candidate: unknown, units: Readonly<Record<string, DisplayUnit>> = {}): Validated<T> {
  const parsed = schema.safeParse(candidate);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error.issues, units) };
}

/**
 * A number typed into a field: blank and unreadable text become NaN, which the schema
 * refuses as "Enter a number.", rather than 0 or a silent default.
 */
export function numberFrom(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** An optional number: blank means none (null), anything else must be a number. */
export function optionalNumberFrom(text: string): number | null {
  return text.trim() === '' ? null : numberFrom(text);
}

/** Seconds typed by a person, as the contract's milliseconds (NaN stays NaN). */
export function millisecondsFrom(secondsText: string): number {
  return Math.round(numberFrom(secondsText) * 1000);
}

/** Milliseconds shown as seconds ("20000" → "20", "1500" → "1.5"). */
export function secondsText(ms: number): string {
  return String(ms / 1000);
}

/** Optional text: blank means none. */
export function optionalText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * A PATCH body: the fields of `next` that differ from `before`, compared by value. Sending
 * only changes keeps a save from overwriting another admin's edit of a field left alone.
 */
export function changedFields<T extends object>(before: T, next: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(next[key])) patch[key] = next[key];
  }
  return patch;
}
