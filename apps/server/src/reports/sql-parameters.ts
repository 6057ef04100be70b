/** Numbered placeholders ($1, $2, …) for a query built in pieces, in the order they are added. */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** The placeholder for `value`, with a cast when the driver cannot infer the type (arrays, times). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
