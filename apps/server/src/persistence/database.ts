/**
 * The one data-access seam. Both implementations speak real Postgres SQL: PGlite
 * (Postgres compiled to WebAssembly, in-process) for the embedded default and
 * node-postgres for a server given by DATABASE_URL. Repositories take a `Queryable`
 * so the same code runs inside or outside a transaction.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
