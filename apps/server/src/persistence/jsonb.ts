/**
 * A jsonb column's value. Both drivers parse jsonb into objects already; a string
 * still arrives from a column read through a text cast, so both are accepted.
 */
export function fromJsonb<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
