import type { CallEndReason } from '@cc/shared';
import { describeMicrophoneError } from '@cc/client-core';
import type { CallSnapshot } from './widget-call.ts';
import type { WidgetError, WidgetErrorCode } from './widget-error.ts';

/** The words the status line shows and screen readers announce. */
export function describeCall({ queue, phase, reconnecting, hangingUp }: CallSnapshot): string {
  switch (phase.kind) {
    case 'starting':
      return 'Connecting…';
    case 'ended':
      return phase.reason ? `Call ended. ${endReasonWords[phase.reason]}` : 'Call ended.';
    case 'failed':
      return describeFailure(phase.error, queue);
  }
  if (hangingUp) return 'Hanging up…';
  if (reconnecting) return 'Connection lost. Reconnecting…';
  if (phase.kind === 'connected' && phase.onHold) return 'On hold. Please stay on the line.';
  // No agent on a connected call: it was transferred to an outside number.
  if (phase.kind === 'connected') return phase.agentName ? `Connected to ${phase.agentName}` : 'Connected';
  const place = phase.position === null ? '' : ` You are number ${phase.position} in line.`;
  return `Waiting for an agent…${place}${describeWait(phase.estimatedWaitSeconds)}`;
}

/** The estimated wait in words a caller can take in at a glance; nothing when unknown. */
export function describeWait(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return ' Estimated wait: less than a minute.';
  const minutes = Math.round(seconds / 60);
  return ` Estimated wait: about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

const endReasonWords: Record<CallEndReason, string> = {
  'customer-hangup': 'You hung up.',
  'agent-hangup': 'The agent ended the call.',
  abandoned: 'You hung up before an agent answered.',
  'customer-disconnected': 'Your connection was lost.',
  'agent-disconnected': 'The agent’s connection was lost.',
  'media-failure': 'The audio connection failed.',
  'server-shutdown': 'The service is restarting. Please call again in a minute.',
  'no-agents': 'No agents are available right now. Please try again later.',
  'queue-full': 'All our agents are busy and the line is full. Please try again later.',
  'max-wait': 'We are sorry: no agent could take your call in time. Please try again later.',
  'node-failure': 'The call was cut off by a service problem. Please call again.',
  // Phone-call reasons: a widget call never ends with these, but the map is total.
  busy: 'The line was busy. Please try again later.',
  'no-answer': 'Nobody answered. Please try again later.',
  rejected: 'The call could not be connected. Please try again later.',
  unreachable: 'The call could not be connected. Please try again later.',
  'rtp-timeout': 'The call was cut off. Please call again.',
  transferred: 'Your call is being transferred.',
  'external-hangup': 'The other party hung up.',
  'taken-over': 'A supervisor has joined to help you.',
};

const failureWords: Record<Exclude<WidgetErrorCode, 'microphone' | 'unknown-queue'>, string> = {
  'insecure-page': 'Calls need a secure (https) page. Please contact the site owner.',
  'unsupported-browser': 'This browser cannot make calls. Please try a current Chrome, Firefox, Safari or Edge.',
  unreachable: 'The call service cannot be reached. Check your connection and try again.',
  'rate-limited': 'Too many calls in a short time. Please wait a minute and try again.',
  media: 'The audio connection could not be set up. Please try again.',
  rejected: 'The call could not be started. Please try again.',
};

export function describeFailure(error: WidgetError, queue: string): string {
  switch (error.code) {
    case 'microphone':
      return describeMicrophoneError(error.cause);
    case 'unknown-queue':
      return `This call line is not available: unknown queue "${queue}". Please contact the site owner.`;
    default:
      return failureWords[error.code];
  }
}
