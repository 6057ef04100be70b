import { formatDuration, useNow } from '../ui/use-now.ts';
import { ChannelTag } from './ChannelTag.tsx';
import { callController } from './call-controller.ts';
import { useOffer } from './call-store.ts';

/** An offered call: who, on which channel, from which queue, how long it rings for, Answer / Decline. */
export function RingingPanel() {
  const offer = useOffer();
  const now = useNow(250);
  if (!offer) return null;
  const left = Date.parse(offer.expiresAt) - now;
  return (
    <section className="card ringing" role="region" aria-label="Incoming call" aria-live="assertive">
      <div className="call-heading">
        <p className="eyebrow">Incoming call · {offer.queueName}</p>
        <ChannelTag channel={offer.channel ?? 'web'} />
      </div>
      <h2 className={offer.channel === 'phone' ? 'phone-number' : undefined}>{offer.callerLabel}</h2>
      <p className="muted">
        Waiting {formatDuration(now - Date.parse(offer.queuedAt))} · rings for {Math.max(0, Math.ceil(left / 1000))} s more
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary answer"
          autoFocus
          onClick={() => void callController.answer(offer)}
        >
          Answer
        </button>
        <button type="button" onClick={() => void callController.decline(offer.callId)}>
          Decline
        </button>
      </div>
    </section>
  );
}
