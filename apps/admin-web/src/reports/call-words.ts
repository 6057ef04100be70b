import type { CallEndReason, CallEventItem, CallRecordItem } from '@cc/shared';

/** Why a call ended, as a supervisor would say it. */
export const endReasonWords: Record<CallEndReason, string> = {
  'customer-hangup': 'Caller hung up',
  'agent-hangup': 'Agent hung up',
  abandoned: 'Caller gave up waiting',
  'customer-disconnected': 'Caller lost connection',
  'agent-disconnected': 'Agent lost connection',
  'media-failure': 'Audio failed',
  'server-shutdown': 'Server shut down',
  'no-agents': 'No agents signed in',
  'queue-full': 'Queue was full',
  'max-wait': 'Waited the maximum',
  'node-failure': 'Server node failed',
  busy: 'Number busy',
  'no-answer': 'No answer',
  rejected: 'Call refused',
  unreachable: 'Number unreachable',
  'rtp-timeout': 'Phone audio stopped',
  transferred: 'Transferred',
  'external-hangup': 'Outside number hung up',
  'taken-over': 'Taken over by a supervisor',
};

export type CallOutcomeLabel = 'Answered' | 'Abandoned' | 'Unanswered' | 'In progress';

/** The outcome badge: the same rule as the search's `outcome` filter (shared call-records.ts). */
export function outcomeOf(call: CallRecordItem): CallOutcomeLabel {
  if (call.state !== 'ended') return 'In progress';
  if (call.answeredAt) return 'Answered';
  if (call.endReason === 'abandoned' || call.endReason === 'customer-hangup' || call.endReason === 'customer-disconnected') return 'Abandoned';
  return 'Unanswered';
}

const who = (event: CallEventItem) => event.agent?.displayName ?? 'an agent';
const str = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * A line of the call's log in words. `names` resolves ids in the log's data (queues,
 * agents) to names; an id it does not know is left out rather than shown raw.
 */
export function describeEvent(event: CallEventItem, names: (id: string) => string | null): string {
  const d = event.data;
  const target = (to: unknown) => {
    const t = to as { kind?: string; queueId?: string; userId?: string } | string | null;
    if (typeof t === 'string') return names(t) ?? 'a colleague';
    if (t?.kind === 'queue') return `the queue ${(t.queueId && names(t.queueId)) ?? ''}`.trim();
    if (t?.kind === 'agent') return (t.userId && names(t.userId)) || 'an agent';
    return 'another party';
  };
  switch (event.type) {
    case 'queued':
      return `Entered the queue${str(d.queue) ? ` ${str(d.queue)}` : ''}${d.channel === 'phone' ? ' by phone' : d.channel === 'web' ? ' from the web' : ''}`;
    case 'dialled':
      return `${who(event)} dialled out`;
    case 'remote-ringing':
      return 'The far end is ringing';
    case 'offered':
      return `Rang at ${who(event)}`;
    case 'answered':
      return d.by === 'remote' ? 'The far end answered' : `Answered by ${who(event)}`;
    case 'offer-timeout':
      return `${who(event)} did not answer in time`;
    case 'offer-declined':
      return `${who(event)} declined`;
    case 'offer-customer-hangup':
      return `Caller hung up while it rang at ${who(event)}`;
    case 'offer-agent-gone':
      return `${who(event)} went offline while it rang`;
    case 'hold':
      return `${who(event)} put the caller on hold`;
    case 'unhold':
      return `${who(event)} took the caller off hold`;
    case 'transferred':
      return `${who(event)} transferred the call to ${target(d.to)}`;
    case 'overflowed':
      return d.to
        ? `Overflowed from ${names(String(d.from)) ?? 'its queue'} to ${names(String(d.to)) ?? 'another queue'} (${String(d.reason ?? 'overflow').replace('-', ' ')})`
        : `Overflow ended the call (${String(d.reason ?? 'overflow').replace('-', ' ')})`;
    case 'consult-requested':
      return `${who(event)} asked ${target(d.to)} to join`;
    case 'consult-answered':
      return `${who(event)} joined to consult`;
    case 'consult-completed':
      return `${who(event)} handed the caller to ${target(d.to)}`;
    case 'conference':
      return `${who(event)} made it a conference`;
    case 'conference-left':
      return `${who(event)} left the conference to ${target(d.to)}`;
    case 'consult-declined':
    case 'consult-cancelled':
    case 'consult-timeout':
    case 'consult-left':
      return `Consultation with ${who(event)} ${event.type.slice('consult-'.length)}`;
    case 'dtmf':
      return `Caller pressed ${str(d.digit) ?? 'a key'}`;
    case 'dtmf-sent':
      return `${who(event)} sent keypad tones ${str(d.digits) ?? ''}`.trim();
    case 'ended': {
      const reason = str(d.reason) as CallEndReason | null;
      return `Call ended: ${reason && reason in endReasonWords ? endReasonWords[reason].toLowerCase() : (reason ?? 'unknown reason')}`;
    }
    default:
      return event.type.replaceAll('-', ' ');
  }
}
