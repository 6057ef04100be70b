/**
 * The far ends of the mixer benchmark's phone legs, in a process of their own so that
 * their tone encoding is not counted as the server's CPU. Driven over IPC:
 *   { open: [{ codec, hz }, ...] }   → { ports: number[] }  (sockets bound, not sending)
 *   { start: [{ port, ssrc }, ...] } → starts each phone sending to its leg's port
 * Received audio is counted, not decoded.
 */
import type { PhoneCodec } from '../src/media/call-room.ts';
import { TonePhone } from '../test/tone-phone.ts';

const phones: TonePhone[] = [];
process.on('message', async (message: { open?: Array<{ codec: PhoneCodec; hz: number }>; start?: Array<{ port: number; ssrc: number }> }) => {
  if (message.open) {
    const opened = await Promise.all(message.open.map(({ codec, hz }) => TonePhone.open(codec, hz, { decode: false })));
    phones.push(...opened);
    process.send!({ ports: opened.map((p) => p.socket.address().port) });
  }
  if (message.start) {
    const first = phones.length - message.start.length;
    message.start.forEach(({ port, ssrc }, i) => phones[first + i]!.start(port, ssrc));
    process.send!({ started: true });
  }
});
process.on('disconnect', () => {
  for (const p of phones) p.close();
  process.exit(0);
});
