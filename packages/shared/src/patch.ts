import { z } from 'zod';

type WithoutDefault<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;
export type PatchShape<Shape extends z.ZodRawShape> = { [K in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[K]>> };

/**
 * The PATCH form of a create schema: every field optional, and defaults dropped.
 * zod's `.partial()` keeps defaults, so a PATCH of `{ name }` would silently reset
 * every other defaulted field; this makes an absent field mean "leave it as it is".
 */
export function patchOf<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<PatchShape<Shape>> {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : (schema as z.ZodType);
    fields[key] = inner.optional();
  }
  return z.object(fields) as unknown as z.ZodObject<PatchShape<Shape>>;
}

/** A PATCH must change something: `{}` is a client mistake worth a 400. */
export const notEmpty = (value: Record<string, unknown>) => Object.values(value).some((v) => v !== undefined);
