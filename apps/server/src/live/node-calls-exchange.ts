import type { CallInProgress } from '@cc/shared';
import type { Server } from 'socket.io';
import type { Logger } from '../logging/logger.ts';

const LIST_EVENT = 'cc:live-calls';

/**
 * Lets a node assemble every node's calls for a snapshot: each node answers a
 * server-side event (through the socket.io adapter) with its own calls. With one node
 * (the in-memory adapter has no server-side events) there is nobody to ask.
 */
export function exchangeNodeCalls(io: Server, options: { multiNode: boolean; localCalls: () => Promise<CallInProgress[]>; log: Logger }) {
  io.on(LIST_EVENT as never, ((ack: (calls: CallInProgress[]) => void) => {
    if (typeof ack !== 'function') return;
    options
      .localCalls()
      .then(ack)
      .catch((err) => {
        options.log.error({ err }, 'calls not listed for another node');
        ack([]);
      });
  }) as never);

  return (): Promise<CallInProgress[]> => {
    if (!options.multiNode) return Promise.resolve([]);
    return new Promise((resolve) => {
      // The adapter times the request out (its requestsTimeout) and passes on the replies that came.
      (io.serverSideEmit as (...args: unknown[]) => void).call(io, LIST_EVENT, (err: unknown, replies: CallInProgress[][] = []) => {
        if (err) options.log.warn({ err }, 'some nodes did not list their calls');
        resolve(replies.flat());
      });
    });
  };
}
