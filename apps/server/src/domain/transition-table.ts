import { AppError } from '../errors.ts';

/**
 * One checker for every state machine in the server (calls, agents). A table lists,
 * for each state, the states it may move to; anything else is a conflict.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(table: TransitionTable<S>, what: string, from: S, to: S): void {
  if (!canTransition(table, from, to)) {
    throw new AppError('conflict', `A ${what} cannot go from ${from} to ${to}.`);
  }
}
