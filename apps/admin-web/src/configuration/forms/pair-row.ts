/** One row of a (thing, number) list as a form holds it: a chosen id and a number typed as text. */
export interface PairRow {
  ref: string;
  number: string;
}
