import type { CallStatus, ExternalParty } from '@cc/shared';

type Consult = NonNullable<CallStatus['consult']>;

/**
 * A consultation as the desktop shows it, whoever was asked: a colleague (the server's
 * `consult`) or an outside number (its `external`, while consulted).
 */
export interface ConsultView {
  kind: 'colleague' | 'number';
  /** The colleague's name, or the number as dialled. */
  who: string;
  state: 'dialing' | 'ringing' | 'talking' | 'conference';
}

/** The consultation on a call, if any; a number the call was handed to is none. */
export function consultView(call: { consult: Consult | null; external: ExternalParty | null }): ConsultView | null {
  if (call.consult) return { kind: 'colleague', who: call.consult.agentName, state: call.consult.state };
  if (call.external?.purpose === 'consult') return { kind: 'number', who: call.external.number, state: call.external.state };
  return null;
}

/** True once the other side has answered: Complete transfer and Conference may be used. */
export const answered = (view: ConsultView) => view.state === 'talking' || view.state === 'conference';

/**
 * Where the consultation stands, in words: "Dialing 5551234…", "Ringing 5551234…",
 * "Asking Bob Chen…", "Talking with …", "Conference with …"; while it is not a
 * conference the caller waits on hold, and the words say so.
 */
export function consultStatusText(view: ConsultView): string {
  const held = ' (the caller is on hold)';
  switch (view.state) {
    case 'dialing':
      return `Dialing ${view.who}…${held}`;
    case 'ringing':
      return view.kind === 'number' ? `Ringing ${view.who}…${held}` : `Asking ${view.who}…${held}`;
    case 'talking':
      return `Talking with ${view.who}${held}`;
    case 'conference':
      return `Conference with ${view.who}`;
  }
}

/**
 * What the desktop says when the agent is off a call that goes on: handed to an outside
 * number (blind, or Complete transfer) it names the number.
 */
export function transferredText(external: ExternalParty | null | undefined): string {
  return external ? `You transferred the call to ${external.number}.` : 'You transferred the call.';
}
