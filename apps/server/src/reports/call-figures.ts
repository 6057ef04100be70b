/**
 * The figures of the queue and agent reports (issue #6), defined once here; the SQL in
 * queue-report.ts, agent-report.ts and handling-sql.ts adds up the sums they are made of.
 *
 * Which calls: inbound calls (an agent's outbound calls are not offered to anyone) whose
 * offer time (`calls.offered_at`, when the caller entered the first queue) is in
 * [from, to). A call crossing the period's end counts wholly in the period it was offered
 * in: answered, abandoned or handled after `to`, its waits and handle time still count
 * there, as far as they have happened by the report's time. A call offered before `from`
 * counts in no part of the period. Hour and day rows group calls by the same offer time.
 *
 * Queue figures: a call counts once, in the queue on its record (`calls.queue_id`) — the
 * queue that last had it: an overflow or a blind transfer to a queue moves the record.
 * - offered: such calls.
 * - answered: of those, calls an agent picked up (`answered_at`, the first answer).
 * - abandoned: calls nobody answered that ended because the caller left (end reason
 *   abandoned, customer-hangup or customer-disconnected, as in the call search).
 *   Calls ended unanswered for other reasons (no agents, queue full, maximum wait,
 *   failures) and calls still waiting are in offered, and in neither of these.
 * - answeredWithinServiceLevel: answered with answered_at − offered_at ≤ the call's
 *   `service_level_seconds`: its queue's threshold when the call was offered or moved
 *   there (migration 6), so changing a queue's target does not rewrite its history.
 * - serviceLevel = answeredWithinServiceLevel ÷ offered; answerRate = answered ÷ offered.
 * - ASA = mean(answered_at − offered_at) over answered calls: the first answer, so a call
 *   transferred later counts the wait the caller had before reaching anyone.
 * - avgAbandonedWait = mean(ended_at − offered_at) over abandoned calls.
 * - overflowed: calls the queue sent to another queue by overflow (an `overflowed` event
 *   naming it as `from`, with a `to`); grouped by the call's offer time, like the rest.
 *
 * Handling: one agent's work on one call. Talk runs from when the agent got the
 * customer (answered, or a consultation completed to them) until the next change of
 * agent or the end (transferred, consult-completed, conference-left, ended); wrap-up is
 * the agent's `wrap-up` state for that call, until their next state change (or the
 * report's time while it lasts). A consulted colleague's time before the customer is
 * handed to them is consultation, not talk (it shows in their occupancy).
 * - handled: handlings whose talk has ended; only they count in the next three.
 * - AHT = mean(talk + wrap-up); avgTalk and avgWrapUp are its two parts.
 * A queue's handlings are those of its calls (an agent who transferred the call away
 * counts there too); an agent's are their own.
 *
 * Agent figures: over the same calls, from the agent's own offers in the call log.
 * - offered: times a call rang at the agent (`offered` events).
 * - answered: times they answered (`answered` events).
 * - abandoned: offers that ended because the caller left while it rang (an
 *   `offer-customer-hangup` on a call whose end reason is a caller's); missed: offers
 *   that rang out or were declined (`offer-timeout`, `offer-declined`, `offer-agent-gone`).
 * - A wait, at the agent, runs from the caller's offer time, or from the last blind
 *   transfer before it; ASA and avgAbandonedWait average those waits, and an answer
 *   within the queue's service level counts in answeredWithinServiceLevel.
 * - answerRate = answered ÷ offered; serviceLevel = answeredWithinServiceLevel ÷ offered.
 *
 * Occupancy, from `agent_state_changes`: each row opens an interval that lasts until the
 * agent's next row (or the report's time), clipped to each reporting interval, so a
 * state that started before `from` or goes on after `to` counts only its part inside.
 * - signedIn = available + ringing + on-call + wrap-up (not away, not offline).
 * - occupancy = (on-call + wrap-up) ÷ signedIn.
 * Occupancy is an agent figure: queues share agents, so it has no per-queue value.
 */
export interface CallSums {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinServiceLevel: number;
  answerWaitSeconds: number;
  abandonedWaitSeconds: number;
  handled: number;
  talkSeconds: number;
  wrapUpSeconds: number;
}

export const noCallSums: CallSums = {
  offered: 0,
  answered: 0,
  abandoned: 0,
  answeredWithinServiceLevel: 0,
  answerWaitSeconds: 0,
  abandonedWaitSeconds: 0,
  handled: 0,
  talkSeconds: 0,
  wrapUpSeconds: 0,
};

/** The SQL columns of CallSums, in snake case, as the report queries name them. */
export const callSumColumns = {
  offered: 'offered',
  answered: 'answered',
  abandoned: 'abandoned',
  answeredWithinServiceLevel: 'within_sl',
  answerWaitSeconds: 'answer_wait_seconds',
  abandonedWaitSeconds: 'abandoned_wait_seconds',
  handled: 'handled',
  talkSeconds: 'talk_seconds',
  wrapUpSeconds: 'wrap_up_seconds',
} as const satisfies Record<keyof CallSums, string>;

/** Reads CallSums from a row with callSumColumns (numbers or numeric strings). */
export function callSumsOf(row: Record<string, unknown>): CallSums {
  const sums = { ...noCallSums };
  for (const [key, column] of Object.entries(callSumColumns) as Array<[keyof CallSums, string]>) {
    sums[key] = Number(row[column] ?? 0);
  }
  return sums;
}

/** Shares to 4 decimals (0.1 %), seconds to 0.1 s: what a report can usefully show. */
export const roundShare = (n: number) => Math.round(n * 10_000) / 10_000;
export const roundSeconds = (n: number) => Math.round(n * 10) / 10;

const share = (part: number, whole: number) => (whole > 0 ? roundShare(part / whole) : null);
const mean = (total: number, n: number) => (n > 0 ? roundSeconds(total / n) : null);

export function callFigures(s: CallSums) {
  return {
    offered: s.offered,
    answered: s.answered,
    abandoned: s.abandoned,
    answeredWithinServiceLevel: s.answeredWithinServiceLevel,
    answerRate: share(s.answered, s.offered),
    serviceLevel: share(s.answeredWithinServiceLevel, s.offered),
    asaSeconds: mean(s.answerWaitSeconds, s.answered),
    handled: s.handled,
    ahtSeconds: mean(s.talkSeconds + s.wrapUpSeconds, s.handled),
    avgTalkSeconds: mean(s.talkSeconds, s.handled),
    avgWrapUpSeconds: mean(s.wrapUpSeconds, s.handled),
    avgAbandonedWaitSeconds: mean(s.abandonedWaitSeconds, s.abandoned),
  };
}

export const shareOf = share;
