/**
 * Postgres error classes the repositories turn into client errors. PGlite and
 * node-postgres both put the SQLSTATE in `code` and the constraint name in `constraint`.
 */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function sqlState(error: unknown): { code?: unknown; constraint?: unknown } {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown; constraint?: unknown }) : {};
}

export const isUniqueViolation = (error: unknown) => sqlState(error).code === UNIQUE_VIOLATION;
export const isForeignKeyViolation = (error: unknown) => sqlState(error).code === FOREIGN_KEY_VIOLATION;
export const violatedConstraint = (error: unknown): string | null => {
  const c = sqlState(error).constraint;
  return typeof c === 'string' ? c : null;
};
