import type { AdminQueue, RecordingPolicy, RoutingStrategy } from '@cc/shared';

/** The routing strategies in words (the contract's comment in packages/shared/src/queue.ts). */
export const strategyLabels: Record<RoutingStrategy, { label: string; hint: string }> = {
  'longest-idle': { label: 'Longest idle', hint: 'The agent who has been free the longest takes the next call.' },
  'round-robin': { label: 'Round robin', hint: 'Agents take turns: the one offered a call from this queue least recently goes next.' },
  'fewest-calls': { label: 'Fewest calls', hint: 'The agent who answered the fewest calls today, then the longest idle.' },
  random: { label: 'Random', hint: 'Any free agent who qualifies, picked at random.' },
  'skills-based': { label: 'Best skilled', hint: "The agent with the highest levels in the queue's required skills, then the longest idle." },
};

export const recordingLabels: Record<RecordingPolicy, { label: string; hint: string }> = {
  all: { label: 'Record every call', hint: 'Every answered call is recorded from the answer to the end.' },
  'on-demand': { label: 'Agent starts recording', hint: 'A call is recorded only after the agent presses Record.' },
  none: { label: 'Do not record', hint: 'No call in this queue is recorded.' },
};

/** A choice's options in words, in the contract's order. */
export const optionsOf = <V extends string>(values: readonly V[], labels: Record<V, { label: string }>) => values.map((value) => ({ value, label: labels[value].label }));

export function overflowText(queue: AdminQueue, queueName: (id: string) => string): string {
  const limits = [
    queue.maxWaitingCalls !== null ? `more than ${queue.maxWaitingCalls} waiting` : null,
    queue.maxWaitMs !== null ? `after ${durationText(queue.maxWaitMs)}` : null,
  ].filter(Boolean);
  if (limits.length === 0) return 'No limit';
  const action = queue.overflow.kind === 'queue' ? `to ${queueName(queue.overflow.queueId)}` : 'ends the call';
  return `${limits.join(' or ')}: ${action}`;
}

/** 20000 → "20 s", 90000 → "1 min 30 s". */
export function durationText(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  const rest = totalSeconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
