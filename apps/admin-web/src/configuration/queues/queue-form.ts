import { type AdminQueue, QueueInput, QueuePatch, type RecordingPolicy, type RoutingStrategy } from '@cc/shared';
import { type DisplayUnit, seconds } from '../forms/field-errors.ts';
import type { PairRow } from '../forms/pair-row.ts';
import { changedFields, millisecondsFrom, numberFrom, optionalNumberFrom, optionalText, secondsText, validateWith, type Validated } from '../forms/validation.ts';

/**
 * The queue editor's fields as typed. Times are shown in seconds (people think of a ring
 * timeout as "20 seconds"); the contract's `…Ms` fields are filled from them, and their
 * errors are worded in seconds too.
 */
export interface QueueFormValues {
  name: string;
  displayName: string;
  strategy: RoutingStrategy;
  requiredSkills: PairRow[];
  ringTimeoutSeconds: string;
  wrapUpSeconds: string;
  /** Blank: no limit. */
  maxWaitingCalls: string;
  /** Blank: no limit. */
  maxWaitSeconds: string;
  overflowKind: 'end' | 'queue';
  overflowQueueId: string;
  priority: string;
  priorityAgingPerMinute: string;
  serviceLevelSeconds: string;
  /** Blank: the trunk's default caller ID. */
  outboundCallerId: string;
  recordingPolicy: RecordingPolicy;
}

/** The contract fields shown in another unit, for wording their errors. */
export const queueFieldUnits: Readonly<Record<string, DisplayUnit>> = { ringTimeoutMs: seconds, wrapUpMs: seconds, maxWaitMs: seconds };

export function queueFormOf(queue: QueueInput): QueueFormValues {
  return {
    name: queue.name,
    displayName: queue.displayName,
    strategy: queue.strategy,
    requiredSkills: queue.requiredSkills.map((s) => ({ ref: s.skillId, number: String(s.minLevel) })),
    ringTimeoutSeconds: secondsText(queue.ringTimeoutMs),
    wrapUpSeconds: secondsText(queue.wrapUpMs),
    maxWaitingCalls: queue.maxWaitingCalls === null ? '' : String(queue.maxWaitingCalls),
    maxWaitSeconds: queue.maxWaitMs === null ? '' : secondsText(queue.maxWaitMs),
    overflowKind: queue.overflow.kind,
    overflowQueueId: queue.overflow.kind === 'queue' ? queue.overflow.queueId : '',
    priority: String(queue.priority),
    priorityAgingPerMinute: String(queue.priorityAgingPerMinute),
    serviceLevelSeconds: String(queue.serviceLevelSeconds),
    outboundCallerId: queue.outboundCallerId ?? '',
    recordingPolicy: queue.recordingPolicy,
  };
}

/** A new queue's form: the contract's documented defaults, with no name yet. */
export function newQueueForm(): QueueFormValues {
  const defaults = QueueInput.parse({ name: 'new', displayName: 'New' });
  return { ...queueFormOf(defaults), name: '', displayName: '' };
}

/** An existing queue's form. */
export const editQueueForm = (queue: AdminQueue): QueueFormValues => queueFormOf(queue);

/** What the form says, in the contract's shape, for the shared schema to judge. */
export function queueCandidate(values: QueueFormValues) {
  return {
    name: values.name,
    displayName: values.displayName,
    strategy: values.strategy,
    requiredSkills: values.requiredSkills.map((row) => ({ skillId: row.ref, minLevel: numberFrom(row.number) })),
    ringTimeoutMs: millisecondsFrom(values.ringTimeoutSeconds),
    wrapUpMs: millisecondsFrom(values.wrapUpSeconds),
    maxWaitingCalls: optionalNumberFrom(values.maxWaitingCalls),
    maxWaitMs: values.maxWaitSeconds.trim() === '' ? null : millisecondsFrom(values.maxWaitSeconds),
    overflow: values.overflowKind === 'queue' ? { kind: 'queue' as const, queueId: values.overflowQueueId } : { kind: 'end' as const },
    priority: numberFrom(values.priority),
    priorityAgingPerMinute: numberFrom(values.priorityAgingPerMinute),
    serviceLevelSeconds: numberFrom(values.serviceLevelSeconds),
    outboundCallerId: optionalText(values.outboundCallerId),
    recordingPolicy: values.recordingPolicy,
  };
}

/** POST /api/queues, checked by the schema the server uses. */
export function validateNewQueue(values: QueueFormValues): Validated<QueueInput> {
  return validateWith(QueueInput, queueCandidate(values), queueFieldUnits);
}

/** PATCH /api/queues/:id with only the fields the admin changed. */
export function validateQueueChange(queue: AdminQueue, values: QueueFormValues): Validated<QueuePatch> {
  const patch = changedFields(queueCandidate(editQueueForm(queue)), queueCandidate(values));
  return validateWith(QueuePatch, patch, queueFieldUnits);
}
