import type { z } from 'zod';
import { badRequest } from '../errors.ts';

/** Parses a body or query with the shared schema; a failure is a 400 naming the fields. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
  throw badRequest(`Invalid request: ${detail}`);
}
